import { ConfigValidationError } from './env.validation';
import { loadConfig as validate } from './load-config';

const PRODUCTION = {
  NODE_ENV: 'production',
  AGORA_APP_ID: '0123456789abcdef0123456789abcd01',
  AGORA_APP_CERTIFICATE: 'abcdef0123456789abcdef0123456701',
  AUTH_JWT_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
  AUTH_JWT_ISSUER: 'https://issuer.example.com',
  AUTH_JWT_AUDIENCE: 'agora-token-authority',
};

const app = (env: Record<string, string>) => validate(env).app;

function issueVariables(env: Record<string, string>): string[] {
  try {
    validate(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      return error.issues.map((issue) => issue.variable);
    }
    throw error;
  }
  return [];
}

describe('appConfig', () => {
  it('should hide Swagger in production unless SWAGGER_ENABLED=true', () => {
    expect(app(PRODUCTION).swaggerEnabled).toBe(false);
    expect(app({ ...PRODUCTION, SWAGGER_ENABLED: 'true' }).swaggerEnabled).toBe(true);
    expect(app({ NODE_ENV: 'development' }).swaggerEnabled).toBe(true);
    expect(app({ NODE_ENV: 'development', SWAGGER_ENABLED: 'false' }).swaggerEnabled).toBe(false);
  });

  it('should drain 5 s by default in production only, where a load balancer is watching', () => {
    expect(app(PRODUCTION).shutdown).toEqual({ drainDelayMs: 5000, timeoutMs: 10_000 });
    expect(app({ NODE_ENV: 'development' }).shutdown.drainDelayMs).toBe(0);
  });

  it('should read the HTTP timeouts and shutdown durations', () => {
    const config = app({
      HTTP_REQUEST_TIMEOUT_MS: '20000',
      HTTP_HEADERS_TIMEOUT_MS: '5000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000',
      SHUTDOWN_DRAIN_DELAY_MS: '250',
      SHUTDOWN_TIMEOUT_MS: '3000',
    });
    expect(config.httpTimeouts).toEqual({
      requestMs: 20_000,
      headersMs: 5000,
      keepAliveMs: 65_000,
    });
    expect(config.shutdown).toEqual({ drainDelayMs: 250, timeoutMs: 3000 });
  });

  it.each([
    ['HTTP_REQUEST_TIMEOUT_MS', '999'],
    ['HTTP_REQUEST_TIMEOUT_MS', '30s'],
    ['HTTP_HEADERS_TIMEOUT_MS', '0'],
    ['HTTP_KEEP_ALIVE_TIMEOUT_MS', '600001'],
    ['SHUTDOWN_DRAIN_DELAY_MS', '-1'],
    ['SHUTDOWN_DRAIN_DELAY_MS', '300001'],
    ['SHUTDOWN_TIMEOUT_MS', '500'],
  ])('should refuse %s=%s, naming the variable', (variable, value) => {
    expect(issueVariables({ [variable]: value })).toEqual([variable]);
  });

  it('should refuse a headers timeout above the request timeout, its default included', () => {
    const tooLong = { HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_HEADERS_TIMEOUT_MS: '6000' };
    expect(issueVariables(tooLong)).toEqual(['HTTP_HEADERS_TIMEOUT_MS']);
    expect(issueVariables({ HTTP_HEADERS_TIMEOUT_MS: '40000' })).toEqual([
      'HTTP_HEADERS_TIMEOUT_MS',
    ]);
  });

  it('should shorten the default headers timeout to a shorter request timeout', () => {
    expect(app({ HTTP_REQUEST_TIMEOUT_MS: '5000' }).httpTimeouts).toMatchObject({
      requestMs: 5000,
      headersMs: 5000,
    });
  });
});
