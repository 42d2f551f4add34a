import type { RawEnv } from '../../src/config/env.validation';

/** Fixed values for e2e tests: never real credentials. */
export const TEST_AGORA_APP_ID = '0123456789abcdef0123456789abcd01';
export const TEST_AGORA_CERTIFICATE = 'abcdef0123456789abcdef0123456701';
export const TEST_AGORA_CERTIFICATE_SECONDARY = 'abcdef0123456789abcdef0123456702';
export const TEST_JWT_SECRET = 'e2e-test-hs256-secret-with-more-than-32-bytes';
export const TEST_ISSUER = 'https://issuer.test';
export const TEST_AUDIENCE = 'agora-token-authority-test';

/** The environment every e2e app starts from; override per test (undefined removes a variable). */
export const TEST_ENV: RawEnv = Object.freeze({
  NODE_ENV: 'test',
  // Swagger UI needs @fastify/static, whose ESM dependency jest cannot load on Node 20; the UI is
  // covered by test/main.e2e-spec.ts, which runs main.ts in a child process.
  SWAGGER_ENABLED: 'false',
  // startTestApp() logs at debug into the leak-scan capture whatever this says.
  LOG_LEVEL: 'error',
  // A free port per app: several apps run at once, and 9464 may be taken.
  METRICS_PORT: '0',
  AGORA_APP_ID: TEST_AGORA_APP_ID,
  AGORA_APP_CERTIFICATE: TEST_AGORA_CERTIFICATE,
  AGORA_APP_CERTIFICATE_SECONDARY: TEST_AGORA_CERTIFICATE_SECONDARY,
  AUTH_JWT_SECRET: TEST_JWT_SECRET,
  AUTH_JWT_ISSUER: TEST_ISSUER,
  AUTH_JWT_AUDIENCE: TEST_AUDIENCE,
  CHANNEL_TEMPLATES: 'user-{sub},team-{team_id}-*',
});

/** The test environment with a public-key source instead of the shared secret. */
export function keyEnv(keys: { AUTH_JWKS_URL: string } | { AUTH_JWT_PUBLIC_KEY: string }): RawEnv {
  return { ...TEST_ENV, AUTH_JWT_SECRET: undefined, ...keys };
}
