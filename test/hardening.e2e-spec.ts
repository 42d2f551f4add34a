import { connect, type Socket } from 'node:net';
import { startTestApp, type TestApp } from './support/app';
import { signCallerJwt } from './support/jwt';
import { freePort, spawnMain, waitForExit } from './support/main-process';
import { TEST_AGORA_CERTIFICATE, TEST_ENV, TEST_JWT_SECRET } from './support/test-env';

jest.setTimeout(60_000);

const ORIGIN = 'https://app.example.com';

describe('HTTP hardening', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({
      ...TEST_ENV,
      CORS_ORIGINS: ORIGIN,
      HTTP_REQUEST_TIMEOUT_MS: '3000',
      HTTP_HEADERS_TIMEOUT_MS: '1000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000',
    });
  });
  afterAll(() => app.close());

  it.each([
    ['a probe', '/health/live', {}, 200],
    ['a 401', '/v1/session', {}, 401],
    ['an authenticated call', '/v1/session', { authorization: `Bearer ${signCallerJwt()}` }, 200],
    ['a 404', '/nowhere', {}, 404],
  ])(
    "should send the JSON API's security headers, only them, and no X-Powered-By on %s",
    async (_case, path, headers, status) => {
      const response = await fetch(`${app.baseUrl}${path}`, { headers });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-security-policy')).toBe(
        "default-src 'none';frame-ancestors 'none'",
      );
      expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      for (const htmlOnly of [
        'referrer-policy',
        'cross-origin-opener-policy',
        'origin-agent-cluster',
        'x-dns-prefetch-control',
        'x-download-options',
        'x-permitted-cross-domain-policies',
        'x-xss-protection',
      ]) {
        expect(response.headers.get(htmlOnly)).toBeNull();
      }
      expect(response.headers.get('x-powered-by')).toBeNull();
      // No secret in any header or body.
      const text = `${JSON.stringify([...response.headers])}${await response.text()}`;
      expect(text).not.toContain(TEST_JWT_SECRET);
      expect(text).not.toContain(TEST_AGORA_CERTIFICATE);
    },
  );

  it('should answer a CORS preflight from a listed origin, allowing Authorization', async () => {
    const response = await fetch(`${app.baseUrl}/v1/tokens/rtc`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    expect(allowed.split(',').map((header) => header.trim())).toEqual(
      expect.arrayContaining(['authorization', 'content-type']),
    );
    // Bearer tokens travel in a header, never cookies: no credentialed CORS.
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('should let a listed origin read the request id and its rate-limit budget', async () => {
    const response = await fetch(`${app.baseUrl}/v1/session`, {
      headers: { origin: ORIGIN, authorization: `Bearer ${signCallerJwt()}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
    const exposed = (response.headers.get('access-control-expose-headers') ?? '').toLowerCase();
    expect(exposed.split(',').map((name) => name.trim())).toEqual(
      expect.arrayContaining([
        'x-request-id',
        'x-ratelimit-limit',
        'x-ratelimit-remaining',
        'x-ratelimit-reset',
        'retry-after',
      ]),
    );
  });

  it('should refuse a preflight from an origin that is not listed', async () => {
    const response = await fetch(`${app.baseUrl}/v1/tokens/rtc`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('should set the configured timeouts on the server', () => {
    const server = app.app.getHttpServer();
    expect({
      requestTimeout: server.requestTimeout,
      headersTimeout: server.headersTimeout,
      keepAliveTimeout: server.keepAliveTimeout,
      timeout: server.timeout,
    }).toEqual({
      requestTimeout: 3000,
      headersTimeout: 1000,
      keepAliveTimeout: 1000,
      timeout: 3000,
    });
  });

  it('should answer 408 and close when the headers do not arrive in time', async () => {
    const socket = await open(new URL(app.baseUrl).port);
    const started = Date.now();
    const response = readAll(socket);
    socket.write('GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    expect(await response).toMatch(/^HTTP\/1\.1 408 /);
    // headersTimeout plus at most one connection-checking tick (1 s), plus slack for a busy CI.
    expect(Date.now() - started).toBeLessThan(3500);
  });

  it('should close an idle keep-alive connection after the keep-alive timeout', async () => {
    const socket = await open(new URL(app.baseUrl).port);
    const response = readAll(socket);
    socket.write('GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const started = Date.now();
    const text = await response;
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text).toContain('Keep-Alive: timeout=1');
    // Node closes 1 s after the advertised timeout (a grace for clients), not at the default 72 s.
    expect(Date.now() - started).toBeLessThan(3500);
  });
});

describe('Swagger in production', () => {
  it('should not serve /docs or /docs-json unless SWAGGER_ENABLED=true', async () => {
    const app = await startTestApp({
      ...TEST_ENV,
      NODE_ENV: 'production',
      SWAGGER_ENABLED: undefined,
    });
    try {
      for (const path of ['/docs', '/docs/', '/docs-json', '/docs/swagger-ui-init.js']) {
        expect((await fetch(`${app.baseUrl}${path}`)).status).toBe(404);
      }
    } finally {
      await app.close();
    }
  });

  // Swagger UI needs a child process (TEST_ENV explains why), as main.ts runs it.
  it('should serve them with SWAGGER_ENABLED=true, relaxing only upgrade-insecure-requests', async () => {
    const port = await freePort();
    const env = Object.entries({
      ...TEST_ENV,
      NODE_ENV: 'production',
      SWAGGER_ENABLED: 'true',
      SHUTDOWN_DRAIN_DELAY_MS: '0',
      PORT: String(port),
      HOST: '127.0.0.1',
    }).filter((entry): entry is [string, string] => entry[1] !== undefined);
    const child = spawnMain(Object.fromEntries(env));
    const baseUrl = `http://127.0.0.1:${port}`;
    try {
      const deadline = Date.now() + 20_000;
      while ((await fetch(`${baseUrl}/health/live`).catch(() => null))?.status !== 200) {
        expect(Date.now() < deadline && child.exitCode === null).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      for (const path of ['/docs', '/docs/swagger-ui-init.js']) {
        const response = await fetch(`${baseUrl}${path}`);
        expect(response.status).toBe(200);
        const csp = response.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("script-src 'self'");
        expect(csp).not.toContain('upgrade-insecure-requests');
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      }
      expect((await fetch(`${baseUrl}/docs-json`)).status).toBe(200);
      const api = await fetch(`${baseUrl}/health/live`);
      expect(api.headers.get('content-security-policy')).toBe(
        "default-src 'none';frame-ancestors 'none'",
      );
    } finally {
      child.kill('SIGTERM');
    }
    expect((await waitForExit(child)).code).toBe(0);
  });
});

function open(port: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server sends until it closes the connection. */
function readAll(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.once('close', () => resolve(text));
    socket.once('error', reject);
  });
}
