import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { Test } from '@nestjs/testing';
import { type AgoraConfig, agoraConfig } from './agora.config';
import { AppConfigModule } from './app-config.module';
import { type AppConfig, appConfig } from './app.config';
import { type AuthConfig, authConfig, DEV_JWT_AUDIENCE, DEV_JWT_ISSUER } from './auth.config';
import { DEV_CREDENTIALS_PATH } from './dev-credentials';
import { ConfigValidationError, type RawEnv } from './env.validation';
import { type PolicyConfig, policyConfig } from './policy.config';
import { AgoraProjects, type ProjectSet } from './agora-projects';
import { type ThrottleConfig, throttleConfig } from './throttle.config';

const APP_ID = '0123456789abcdef0123456789abcd01';
const CERT = 'abcdef0123456789abcdef0123456701';
const CERT2 = 'abcdef0123456789abcdef0123456702';
const SECRET = 'a-test-secret-that-is-long-enough-0123456789';

async function load(env: RawEnv) {
  const module = await Test.createTestingModule({
    imports: [await AppConfigModule.forRoot(env)],
  }).compile();
  return {
    app: module.get<AppConfig>(appConfig.KEY),
    agora: module.get<AgoraConfig>(agoraConfig.KEY),
    auth: module.get<AuthConfig>(authConfig.KEY),
    policy: module.get<PolicyConfig>(policyConfig.KEY),
    throttle: module.get<ThrottleConfig>(throttleConfig.KEY),
    projects: module.get(AgoraProjects).current(),
  };
}

describe(AppConfigModule.name, () => {
  it('should apply the documented defaults and generate throwaway credentials', async () => {
    // NODE_ENV=test: development would also write .agora-dev/ (covered below, in a temp dir).
    const { app, agora, auth, policy, throttle } = await load({ NODE_ENV: 'test' });
    expect(app).toEqual({
      nodeEnv: 'test',
      production: false,
      port: 3000,
      host: '0.0.0.0',
      swaggerEnabled: true,
      corsOrigins: [],
      logLevel: 'info',
      httpTimeouts: { requestMs: 30_000, headersMs: 10_000, keepAliveMs: 72_000 },
      shutdown: { drainDelayMs: 0, timeoutMs: 10_000 },
    });
    expect(agora.generated).toBe(true);
    expect(agora.source).toBe('generated');
    expect(agora.projects[0]?.appId).toMatch(/^[0-9a-f]{32}$/);
    expect(agora.projects[0]?.certificates.primary).toMatch(/^[0-9a-f]{32}$/);
    expect(auth.keys.kind).toBe('secret');
    expect(auth.keys.kind === 'secret' && auth.keys.generated).toBe(true);
    expect(auth.keys.kind === 'secret' && auth.keys.key.symmetricKeySize).toBeGreaterThanOrEqual(
      32,
    );
    expect(auth).toMatchObject({
      algorithms: ['HS256'],
      issuer: DEV_JWT_ISSUER,
      audience: DEV_JWT_AUDIENCE,
      clockToleranceSeconds: 30,
      maxJwtLifetimeSeconds: 86_400,
    });
    expect(policy).toEqual({
      claims: {
        uid: 'agora_uid',
        account: 'agora_account',
        channels: 'agora_channels',
        kind: 'agora_kind',
      },
      channelTemplates: [],
      tokenDefaultTtlSeconds: 3600,
      tokenMaxTtlSeconds: 3600,
    });
    expect(throttle).toEqual({
      ip: { limit: 120, ttlSeconds: 60 },
      user: { limit: 60, ttlSeconds: 60 },
      trustedProxyHops: 0,
      redisUrl: undefined,
    });
  });

  it('should generate different credentials at each boot', async () => {
    const [first, second] = await Promise.all([
      load({ NODE_ENV: 'test' }),
      load({ NODE_ENV: 'test' }),
    ]);
    expect(first.agora.projects[0]?.appId).not.toBe(second.agora.projects[0]?.appId);
  });

  it('should share the development secret through .agora-dev/ in the working directory', async () => {
    const cwd = process.cwd();
    const dir = mkdtempSync(join(tmpdir(), 'app-config-'));
    try {
      process.chdir(dir);
      const { auth } = await load({});
      const stored = JSON.parse(readFileSync(join(dir, DEV_CREDENTIALS_PATH), 'utf8')) as {
        jwtSecret: string;
      };
      expect(auth.keys.kind === 'secret' && auth.keys.key.export().toString()).toBe(
        stored.jwtSecret,
      );
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should shape configured values', async () => {
    const { app, agora, auth, policy, throttle } = await load({
      NODE_ENV: 'production',
      PORT: '8080',
      HOST: '127.0.0.1',
      CORS_ORIGINS: 'https://a.example.com, https://b.example.com:8443',
      LOG_LEVEL: 'warn',
      AGORA_APP_ID: APP_ID,
      AGORA_APP_CERTIFICATE: CERT,
      AGORA_APP_CERTIFICATE_SECONDARY: CERT2,
      AGORA_ACTIVE_CERTIFICATE: 'secondary',
      AUTH_JWKS_URL: 'https://idp.example.com/jwks',
      AUTH_JWT_ISSUER: 'https://idp.example.com/',
      AUTH_JWT_AUDIENCE: 'tokens',
      AUTH_JWKS_TIMEOUT_MS: '1500',
      CHANNEL_TEMPLATES: 'user-{sub}, team-{team_id}-*',
      TOKEN_MAX_TTL_SECONDS: '600',
      THROTTLE_IP_LIMIT: '10',
      REDIS_URL: 'rediss://redis.internal:6380',
    });
    expect(app).toMatchObject({
      production: true,
      port: 8080,
      host: '127.0.0.1',
      swaggerEnabled: false,
      corsOrigins: ['https://a.example.com', 'https://b.example.com:8443'],
      logLevel: 'warn',
    });
    expect(agora).toEqual({
      projects: [
        {
          name: 'default',
          appId: APP_ID,
          certificates: { primary: CERT, secondary: CERT2 },
          active: 'secondary',
          isDefault: true,
        },
      ],
      source: 'env',
      generated: false,
    });
    expect(auth.keys).toEqual({
      kind: 'jwks',
      url: 'https://idp.example.com/jwks',
      timeoutMs: 1500,
      cooldownSeconds: 30,
      maxBytes: 65_536,
      cacheTtlSeconds: 600,
      maxStaleSeconds: 86_400,
    });
    expect(auth.algorithms).toEqual(['RS256', 'ES256']);
    expect(policy.channelTemplates.map((t) => t.source)).toEqual([
      'user-{sub}',
      'team-{team_id}-*',
    ]);
    // The default lifetime follows a lower maximum rather than failing validation.
    expect([policy.tokenDefaultTtlSeconds, policy.tokenMaxTtlSeconds]).toEqual([600, 600]);
    expect(throttle.ip.limit).toBe(10);
    expect(throttle.redisUrl).toBe('rediss://redis.internal:6380');
  });

  it.each([
    ['RSA', () => generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey, ['RS256']],
    ['P-256', () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey, ['ES256']],
    ['P-384', () => generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey, ['ES384']],
  ])('should offer the algorithm that fits an %s PEM key', async (_type, generate, algorithms) => {
    const pem = generate().export({ format: 'pem', type: 'spki' }).toString();
    const { auth } = await load({ AUTH_JWT_PUBLIC_KEY: pem });
    expect(auth.keys.kind).toBe('public-key');
    expect(auth.algorithms).toEqual(algorithms);
  });

  it('should keep the secret as a KeyObject that never prints its bytes', async () => {
    const { auth } = await load({ AUTH_JWT_SECRET: SECRET });
    expect(auth.keys.kind === 'secret' && auth.keys.generated).toBe(false);
    expect(inspect(auth, { depth: 5 })).not.toContain(SECRET);
    expect(JSON.stringify(auth)).not.toContain(SECRET);
  });

  it('should throw ConfigValidationError on bad config', async () => {
    await expect(AppConfigModule.forRoot({ PORT: 'eighty' })).rejects.toBeInstanceOf(
      ConfigValidationError,
    );
  });

  it('should validate the env it was given and never write to process.env', async () => {
    const before = { ...process.env };
    await load({ AUTH_JWT_SECRET: SECRET, AGORA_APP_ID: APP_ID, AGORA_APP_CERTIFICATE: CERT });
    expect(process.env).toEqual(before);
  });
});

describe(AgoraProjects.name, () => {
  let projects: ProjectSet;

  beforeAll(async () => {
    ({ projects } = await load({
      NODE_ENV: 'test',
      AGORA_APP_ID: APP_ID,
      AGORA_APP_CERTIFICATE: CERT,
      AGORA_APP_CERTIFICATE_SECONDARY: CERT2,
      AGORA_ACTIVE_CERTIFICATE: 'secondary',
    }));
  });

  it('should return the default project when none is named', () => {
    const project = projects.defaultProject;
    expect(project).toBe(projects.defaultProject);
    expect(project).toMatchObject({
      name: 'default',
      appId: APP_ID,
      activeSlot: 'secondary',
      activeCertificate: CERT2,
      certificates: [
        { slot: 'primary', value: CERT },
        { slot: 'secondary', value: CERT2 },
      ],
      isDefault: true,
      generated: false,
    });
  });

  it('should find projects by name and by App ID (any case)', () => {
    expect(projects.get('default')?.appId).toBe(APP_ID);
    expect(projects.get('other')).toBeUndefined();
    expect(projects.findByAppId(APP_ID.toUpperCase())?.name).toBe('default');
    expect(projects.findByAppId('f'.repeat(32))).toBeUndefined();
    expect(projects.list()).toHaveLength(1);
  });

  it.each(['nope', ''])('should find no project for the unknown name %j', (name) => {
    expect(projects.get(name)).toBeUndefined();
  });

  it('should leave certificates out when serialised or inspected', () => {
    const project = projects.defaultProject;
    for (const text of [
      JSON.stringify(project),
      inspect(project),
      `${JSON.stringify({ project })}`,
    ]) {
      expect(text).not.toContain(CERT);
      expect(text).not.toContain(CERT2);
      expect(text).toContain(APP_ID);
    }
  });
});
