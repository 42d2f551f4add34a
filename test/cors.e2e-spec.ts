import { startTestApp, type TestApp } from './support/app';
import { TEST_ENV } from './support/test-env';

describe('CORS', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ ...TEST_ENV, CORS_ORIGINS: 'https://app.example.com' });
  });
  afterAll(() => app.close());

  const preflight = (origin: string) =>
    fetch(`${app.baseUrl}/v1/session`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });

  it('should allow a listed origin to send Authorization', async () => {
    const response = await preflight('https://app.example.com');
    expect(response.status).toBeLessThan(300);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'authorization',
    );
  });

  it('should not allow any other origin', async () => {
    const response = await preflight('https://evil.example.com');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('should send no CORS headers when CORS_ORIGINS is unset', async () => {
    const plain = await startTestApp();
    try {
      const response = await fetch(`${plain.baseUrl}/health/live`, {
        headers: { origin: 'https://app.example.com' },
      });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await plain.close();
    }
  });
});
