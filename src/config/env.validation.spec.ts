import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigValidationError, EXAMPLE_VALUES } from './env.validation';
import { configVariables, loadConfig } from './load-config';

const validate = (env: Record<string, string | undefined>) => loadConfig(env);

const APP_ID = '0123456789abcdef0123456789abcd01';
const CERT = 'abcdef0123456789abcdef0123456701';
const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const rsaPem = () =>
  generateKeyPairSync('rsa', { modulusLength: 2048 })
    .publicKey.export({ format: 'pem', type: 'spki' })
    .toString();

/** A complete production environment, valid as is. */
const PRODUCTION = {
  NODE_ENV: 'production',
  AGORA_APP_ID: APP_ID,
  AGORA_APP_CERTIFICATE: CERT,
  AUTH_JWT_SECRET: SECRET,
  AUTH_JWT_ISSUER: 'https://issuer.example.com',
  AUTH_JWT_AUDIENCE: 'agora-token-authority',
};

function issuesOf(env: Record<string, string | undefined>): ConfigValidationError {
  try {
    validate(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a ConfigValidationError');
}

describe(loadConfig.name, () => {
  it('should accept an empty environment outside production', () => {
    const { app, agora } = validate({});
    expect([app.nodeEnv, app.production]).toEqual(['development', false]);
    expect(agora.source).toBe('generated');
  });

  it('should accept a complete production environment', () => {
    expect(validate(PRODUCTION).app.production).toBe(true);
  });

  it('should know every variable of the configuration contract', () => {
    const contract = [
      'PORT',
      'HOST',
      'NODE_ENV',
      'AGORA_APP_ID',
      'AGORA_APP_CERTIFICATE',
      'AGORA_APP_CERTIFICATE_SECONDARY',
      'AGORA_ACTIVE_CERTIFICATE',
      'AGORA_PROJECTS_FILE',
      'AUTH_JWT_SECRET',
      'AUTH_JWKS_URL',
      'AUTH_JWT_PUBLIC_KEY',
      'AUTH_JWT_ISSUER',
      'AUTH_JWT_AUDIENCE',
      'AUTH_JWT_ALGORITHMS',
      'AUTH_CLOCK_TOLERANCE_SECONDS',
      'AUTH_MAX_JWT_LIFETIME_SECONDS',
      'CLAIM_UID',
      'CLAIM_ACCOUNT',
      'CLAIM_CHANNELS',
      'CHANNEL_TEMPLATES',
      'TOKEN_DEFAULT_TTL_SECONDS',
      'TOKEN_MAX_TTL_SECONDS',
      'THROTTLE_IP_LIMIT',
      'THROTTLE_IP_TTL_SECONDS',
      'THROTTLE_USER_LIMIT',
      'THROTTLE_USER_TTL_SECONDS',
      'TRUSTED_PROXY_HOPS',
      'REDIS_URL',
      'CORS_ORIGINS',
      'LOG_LEVEL',
    ];
    expect(configVariables()).toEqual(expect.arrayContaining(contract));
  });

  it('should treat an empty variable as unset', () => {
    expect(() =>
      validate({ AUTH_JWT_SECRET: '', AUTH_JWKS_URL: 'https://idp.test/jwks' }),
    ).not.toThrow();
  });

  it('should ignore variables outside the schema', () => {
    expect(() => validate({ SOMETHING_ELSE: 'x', PATH: '/bin' })).not.toThrow();
  });

  // [case, environment, variable the message must name, value it must never show]
  const bootErrors: Array<[string, Record<string, string>, string, string]> = [
    ['an unknown NODE_ENV', { NODE_ENV: 'staging-eu' }, 'NODE_ENV', 'staging-eu'],
    ['a non-numeric PORT', { PORT: '80abc' }, 'PORT', '80abc'],
    ['a PORT out of range', { PORT: '65536' }, 'PORT', '65536'],
    ['a signed integer', { THROTTLE_IP_LIMIT: '+12' }, 'THROTTLE_IP_LIMIT', '+12'],
    ['a HOST with spaces', { HOST: 'my host' }, 'HOST', 'my host'],
    ['SWAGGER_ENABLED not a boolean', { SWAGGER_ENABLED: 'yes' }, 'SWAGGER_ENABLED', 'yes'],
    ['a CORS wildcard', { CORS_ORIGINS: 'https://a.test,*' }, 'CORS_ORIGINS', 'https://a.test'],
    [
      'a CORS origin with a path',
      { CORS_ORIGINS: 'https://a.test/app' },
      'CORS_ORIGINS',
      'a.test/app',
    ],
    ['an unknown LOG_LEVEL', { LOG_LEVEL: 'verbose' }, 'LOG_LEVEL', 'verbose'],
    [
      'an App ID with a trailing newline',
      { AGORA_APP_ID: `${APP_ID}\n`, AGORA_APP_CERTIFICATE: CERT },
      'AGORA_APP_ID',
      APP_ID,
    ],
    [
      'a certificate with a trailing space',
      { AGORA_APP_ID: APP_ID, AGORA_APP_CERTIFICATE: `${CERT} ` },
      'AGORA_APP_CERTIFICATE',
      CERT,
    ],
    [
      'a certificate of 31 characters',
      { AGORA_APP_ID: APP_ID, AGORA_APP_CERTIFICATE: CERT.slice(1) },
      'AGORA_APP_CERTIFICATE',
      CERT.slice(1),
    ],
    ['an App ID without certificate', { AGORA_APP_ID: APP_ID }, 'AGORA_APP_CERTIFICATE', APP_ID],
    ['a certificate without App ID', { AGORA_APP_CERTIFICATE: CERT }, 'AGORA_APP_ID', CERT],
    [
      'a secondary certificate alone',
      { AGORA_APP_CERTIFICATE_SECONDARY: CERT },
      'AGORA_APP_CERTIFICATE_SECONDARY',
      CERT,
    ],
    [
      'an active secondary without one',
      { AGORA_APP_ID: APP_ID, AGORA_APP_CERTIFICATE: CERT, AGORA_ACTIVE_CERTIFICATE: 'secondary' },
      'AGORA_ACTIVE_CERTIFICATE',
      CERT,
    ],
    [
      'a secondary equal to the primary',
      { AGORA_APP_ID: APP_ID, AGORA_APP_CERTIFICATE: CERT, AGORA_APP_CERTIFICATE_SECONDARY: CERT },
      'AGORA_APP_CERTIFICATE_SECONDARY',
      CERT,
    ],
    [
      'both a projects file and single-project variables',
      {
        AGORA_PROJECTS_FILE: '/nonexistent.yaml',
        AGORA_APP_ID: APP_ID,
        AGORA_APP_CERTIFICATE: CERT,
      },
      'AGORA_PROJECTS_FILE',
      APP_ID,
    ],
    [
      'a missing projects file',
      { AGORA_PROJECTS_FILE: '/nonexistent/projects.yaml' },
      'AGORA_PROJECTS_FILE',
      'ENOENT-not-a-value',
    ],
    [
      'a short secret',
      { AUTH_JWT_SECRET: 'too-short-Secret' },
      'AUTH_JWT_SECRET',
      'too-short-Secret',
    ],
    [
      'an HS512 secret under 64 bytes',
      { AUTH_JWT_SECRET: SECRET, AUTH_JWT_ALGORITHMS: 'HS512' },
      'AUTH_JWT_SECRET',
      SECRET,
    ],
    [
      'two key sources',
      { AUTH_JWT_SECRET: SECRET, AUTH_JWT_PUBLIC_KEY: rsaPem() },
      'AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY',
      SECRET,
    ],
    [
      'three key sources',
      {
        AUTH_JWT_SECRET: SECRET,
        AUTH_JWKS_URL: 'https://idp.test/k',
        AUTH_JWT_PUBLIC_KEY: rsaPem(),
      },
      'AUTH_JWT_SECRET, AUTH_JWKS_URL, AUTH_JWT_PUBLIC_KEY',
      'idp.test',
    ],
    [
      'a JWKS URL that is not a URL',
      { AUTH_JWKS_URL: 'idp.test/jwks' },
      'AUTH_JWKS_URL',
      'idp.test/jwks',
    ],
    [
      'a JWKS URL with credentials',
      { AUTH_JWKS_URL: 'https://user:pw-Secret@idp.test/jwks' },
      'AUTH_JWKS_URL',
      'pw-Secret',
    ],
    [
      'a plain-http JWKS URL in production',
      { ...PRODUCTION, AUTH_JWT_SECRET: '', AUTH_JWKS_URL: 'http://idp.internal/jwks' },
      'AUTH_JWKS_URL',
      'idp.internal',
    ],
    [
      'a private key as public key',
      {
        AUTH_JWT_PUBLIC_KEY: generateKeyPairSync('ec', { namedCurve: 'P-256' })
          .privateKey.export({ format: 'pem', type: 'pkcs8' })
          .toString(),
      },
      'AUTH_JWT_PUBLIC_KEY',
      'PRIVATE KEY-----\nM',
    ],
    [
      'a small RSA key',
      {
        AUTH_JWT_PUBLIC_KEY: generateKeyPairSync('rsa', { modulusLength: 1024 })
          .publicKey.export({ format: 'pem', type: 'spki' })
          .toString(),
      },
      'AUTH_JWT_PUBLIC_KEY',
      'BEGIN PUBLIC KEY-----\nM',
    ],
    [
      'alg none',
      { AUTH_JWT_SECRET: SECRET, AUTH_JWT_ALGORITHMS: 'HS256,none' },
      'AUTH_JWT_ALGORITHMS',
      SECRET,
    ],
    ['alg NONE', { AUTH_JWT_ALGORITHMS: 'NONE' }, 'AUTH_JWT_ALGORITHMS', 'NONE,'],
    ['an unknown algorithm', { AUTH_JWT_ALGORITHMS: 'HS257' }, 'AUTH_JWT_ALGORITHMS', 'HS257'],
    [
      'mixed HS and RS algorithms',
      { AUTH_JWKS_URL: 'https://idp.test/k', AUTH_JWT_ALGORITHMS: 'RS256,HS256' },
      'AUTH_JWT_ALGORITHMS',
      'idp.test',
    ],
    [
      'RS256 with a shared secret',
      { AUTH_JWT_SECRET: SECRET, AUTH_JWT_ALGORITHMS: 'RS256' },
      'AUTH_JWT_ALGORITHMS',
      SECRET,
    ],
    [
      'HS256 with a JWKS',
      { AUTH_JWKS_URL: 'https://idp.test/k', AUTH_JWT_ALGORITHMS: 'HS256' },
      'AUTH_JWT_ALGORITHMS',
      'idp.test',
    ],
    [
      'ES256 with an RSA PEM',
      { AUTH_JWT_PUBLIC_KEY: rsaPem(), AUTH_JWT_ALGORITHMS: 'ES256' },
      'AUTH_JWT_ALGORITHMS',
      'BEGIN PUBLIC KEY',
    ],
    [
      'EdDSA (jsonwebtoken cannot verify it)',
      { AUTH_JWKS_URL: 'https://idp.test/k', AUTH_JWT_ALGORITHMS: 'RS256,EdDSA' },
      'AUTH_JWT_ALGORITHMS',
      'EdDSA',
    ],
    [
      'an Ed25519 PEM key',
      {
        AUTH_JWT_PUBLIC_KEY: generateKeyPairSync('ed25519')
          .publicKey.export({ format: 'pem', type: 'spki' })
          .toString(),
      },
      'AUTH_JWT_PUBLIC_KEY',
      'MCowBQYDK2Vw',
    ],
    ['a typ with a space', { AUTH_JWT_TYPES: 'JWT,at jwt' }, 'AUTH_JWT_TYPES', 'at jwt'],
    ['an empty typ item', { AUTH_JWT_TYPES: 'JWT,,at+jwt' }, 'AUTH_JWT_TYPES', ',,'],
    [
      'a max staleness of 0',
      { AUTH_JWKS_MAX_STALE_SECONDS: '0' },
      'AUTH_JWKS_MAX_STALE_SECONDS',
      '=0',
    ],
    [
      'an issuer with a newline',
      { AUTH_JWT_ISSUER: 'https://a.test\nx' },
      'AUTH_JWT_ISSUER',
      'https://a.test',
    ],
    [
      'a clock tolerance over 300 s',
      { AUTH_CLOCK_TOLERANCE_SECONDS: '301' },
      'AUTH_CLOCK_TOLERANCE_SECONDS',
      '301',
    ],
    ['a claim name with a space', { CLAIM_UID: 'agora uid' }, 'CLAIM_UID', 'agora uid'],
    ['a __proto__ claim name', { CLAIM_CHANNELS: '__proto__' }, 'CLAIM_CHANNELS', '__proto__'],
    [
      'a template with an unclosed brace',
      { CHANNEL_TEMPLATES: 'user-{sub' },
      'CHANNEL_TEMPLATES',
      'user-{sub',
    ],
    [
      'a template with * inside',
      { CHANNEL_TEMPLATES: 'a*-{sub}' },
      'CHANNEL_TEMPLATES',
      'a*-{sub}',
    ],
    ['a bare * template', { CHANNEL_TEMPLATES: 'user-{sub},*' }, 'CHANNEL_TEMPLATES', 'user-{sub}'],
    [
      'an empty template item',
      { CHANNEL_TEMPLATES: 'user-{sub},,team' },
      'CHANNEL_TEMPLATES',
      'user-{sub}',
    ],
    [
      'a token lifetime over the hard cap',
      { TOKEN_MAX_TTL_SECONDS: '86401' },
      'TOKEN_MAX_TTL_SECONDS',
      '86401',
    ],
    [
      'a default lifetime over the maximum',
      { TOKEN_DEFAULT_TTL_SECONDS: '7200', TOKEN_MAX_TTL_SECONDS: '3600' },
      'TOKEN_DEFAULT_TTL_SECONDS',
      '7200',
    ],
    [
      'a REDIS_URL of another scheme',
      { REDIS_URL: 'http://:Pa55@redis:6379' },
      'REDIS_URL',
      'Pa55',
    ],
    [
      'production without an Agora project',
      { ...PRODUCTION, AGORA_APP_ID: '', AGORA_APP_CERTIFICATE: '' },
      'AGORA_APP_ID',
      'generated',
    ],
    [
      'production without a key source',
      { ...PRODUCTION, AUTH_JWT_SECRET: '' },
      'AUTH_JWT_SECRET / AUTH_JWKS_URL / AUTH_JWT_PUBLIC_KEY',
      'generated',
    ],
    [
      'production without an issuer',
      { ...PRODUCTION, AUTH_JWT_ISSUER: '' },
      'AUTH_JWT_ISSUER',
      'agora-token-authority-dev',
    ],
    [
      'production without an audience',
      { ...PRODUCTION, AUTH_JWT_AUDIENCE: '' },
      'AUTH_JWT_AUDIENCE',
      'agora-token-authority\n',
    ],
    [
      'a placeholder secret in production',
      { ...PRODUCTION, AUTH_JWT_SECRET: 'please-change-me-before-going-live-1234' },
      'AUTH_JWT_SECRET',
      'please-change-me',
    ],
  ];

  it.each(bootErrors)(
    'should refuse %s, naming the variable but not the value',
    (_case, env, variable, value) => {
      const error = issuesOf(env);
      expect(error.issues.map((issue) => issue.variable)).toContain(variable);
      expect(error.message).toContain(`- ${variable}: `);
      expect(error.message).not.toContain(value);
    },
  );

  it('should report every format problem at once', () => {
    const error = issuesOf({ PORT: 'x', LOG_LEVEL: 'loud', THROTTLE_USER_LIMIT: '0' });
    expect(error.issues.map((issue) => issue.variable).sort()).toEqual([
      'LOG_LEVEL',
      'PORT',
      'THROTTLE_USER_LIMIT',
    ]);
  });

  it('should allow plain-http JWKS on loopback in production and anywhere outside production', () => {
    const jwks = { ...PRODUCTION, AUTH_JWT_SECRET: '' };
    expect(() => validate({ ...jwks, AUTH_JWKS_URL: 'http://127.0.0.1:8080/jwks' })).not.toThrow();
    expect(() => validate({ ...jwks, AUTH_JWKS_URL: 'http://localhost/jwks' })).not.toThrow();
    expect(() => validate({ ...jwks, AUTH_JWKS_URL: 'http://[::1]/jwks' })).not.toThrow();
    expect(() => validate({ AUTH_JWKS_URL: 'http://idp.internal/jwks' })).not.toThrow();
  });

  it('should accept a PEM whose newlines are escaped as \\n', () => {
    expect(() => validate({ AUTH_JWT_PUBLIC_KEY: rsaPem().replace(/\n/g, '\\n') })).not.toThrow();
  });

  describe('.env.example', () => {
    const example = Object.fromEntries(
      readFileSync(join(__dirname, '../../.env.example'), 'utf8')
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );

    it('should boot outside production as shipped', () => {
      expect(() => validate(example)).not.toThrow();
    });

    it('should be refused in production, naming each placeholder', () => {
      const error = issuesOf({ ...example, NODE_ENV: 'production' });
      const variables = error.issues.map((issue) => issue.variable);
      expect(variables).toEqual(expect.arrayContaining(Object.keys(EXAMPLE_VALUES)));
      for (const value of Object.values(EXAMPLE_VALUES)) {
        expect(error.message).not.toContain(value);
      }
    });
  });
});
