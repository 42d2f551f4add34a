import { createHmac } from 'node:crypto';
import { CapturingLogger, startTestApp, type TestApp } from './support/app';
import { startJwksServer, type JwksServer } from './support/jwks-server';
import { generateSigningKey, rawJwt, signCallerJwt, signWith } from './support/jwt';
import { keyEnv, TEST_AUDIENCE, TEST_ENV, TEST_ISSUER } from './support/test-env';

/** The one 401 body, byte for byte. */
const UNAUTHORIZED =
  '{"statusCode":401,"error":"Unauthorized","message":"Unauthorized","code":"UNAUTHENTICATED"}';

const now = () => Math.floor(Date.now() / 1000);

function getSession(app: TestApp, authorization?: string): Promise<Response> {
  return fetch(`${app.baseUrl}/v1/session`, {
    headers: authorization === undefined ? {} : { authorization },
  });
}

async function expectUnauthorized(response: Response): Promise<void> {
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBe('Bearer');
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(await response.text()).toBe(UNAUTHORIZED);
}

describe('caller authentication (HS256 deployment)', () => {
  let app: TestApp;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    app = await startTestApp(TEST_ENV, { logger });
  });
  afterAll(() => app.close());

  it('should accept a valid token and report the session', async () => {
    const token = signCallerJwt({
      sub: 'alice',
      agora_uid: 1001,
      team_id: 'blue',
      scope: 'rtc:publish',
    });
    const response = await getSession(app, `Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({
      issuer: TEST_ISSUER,
      subject: 'alice',
      kind: 'user',
      scopes: ['rtc:publish'],
      binding: { uid: 1001, account: 'alice' },
      channelGrants: ['user-alice', 'team-blue-*'],
      expiresAt: expect.any(Number),
    });
  });

  it('should accept the scheme in any case', async () => {
    const response = await getSession(app, `bearer ${signCallerJwt()}`);
    expect(response.status).toBe(200);
  });

  const refused: Array<[string, () => string | undefined]> = [
    ['no Authorization header', () => undefined],
    ['another scheme', () => `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['the token without a scheme', () => signCallerJwt()],
    ['two tokens', () => `Bearer ${signCallerJwt()} ${signCallerJwt()}`],
    ['a garbled token', () => 'Bearer not.a.jwt'],
    ['a token that is not even dotted', () => 'Bearer abcdef'],
    [
      'alg none',
      () => `Bearer ${rawJwt({ alg: 'none', typ: 'JWT' }, JSON.stringify(validClaims()))}`,
    ],
    [
      'alg none with a signature',
      () => `Bearer ${rawJwt({ alg: 'none' }, JSON.stringify(validClaims()), 'c2ln')}`,
    ],
    [
      'a wrong signature',
      () => `Bearer ${signCallerJwt({}, { key: 'another-secret-of-more-than-32-bytes!!' })}`,
    ],
    ['an HS512 token (algorithm not allowed)', () => `Bearer ${hs512Token()}`],
    [
      'an expired token',
      () => `Bearer ${signCallerJwt({}, { iat: now() - 1000, ttlSeconds: 100 })}`,
    ],
    ['no exp', () => `Bearer ${signCallerJwt({}, { ttlSeconds: null })}`],
    ['an iat in the future', () => `Bearer ${signCallerJwt({}, { iat: now() + 3600 })}`],
    [
      'a lifetime over the maximum',
      () => `Bearer ${signCallerJwt({}, { ttlSeconds: 86_400 + 60 })}`,
    ],
    [
      'no iat and exp too far away',
      () => `Bearer ${signCallerJwt({ exp: now() + 86_400 + 600 }, { iat: null })}`,
    ],
    ['an nbf in the future', () => `Bearer ${signCallerJwt({ nbf: now() + 3600 })}`],
    ['a wrong iss', () => `Bearer ${signCallerJwt({ iss: 'https://evil.test' })}`],
    ['no iss', () => `Bearer ${signCallerJwt({ iss: undefined })}`],
    ['a wrong aud', () => `Bearer ${signCallerJwt({ aud: 'someone-else' })}`],
    ['no sub', () => `Bearer ${signCallerJwt({ sub: undefined })}`],
    ['an empty sub', () => `Bearer ${signCallerJwt({ sub: '' })}`],
    ['a numeric sub', () => `Bearer ${signCallerJwt({ sub: 42 })}`],
    ['a __proto__ claim', () => `Bearer ${signCallerJwt({ ['__proto__']: { admin: true } })}`],
    ['a constructor claim', () => `Bearer ${signCallerJwt({ constructor: 'x' })}`],
    ['a crit header', () => `Bearer ${signCallerJwt({}, { header: { crit: ['exp'] } })}`],
    ['a string uid claim', () => `Bearer ${signCallerJwt({ agora_uid: '1001' })}`],
    ['uid 0', () => `Bearer ${signCallerJwt({ agora_uid: 0 })}`],
    ['uid 2^32', () => `Bearer ${signCallerJwt({ agora_uid: 2 ** 32 })}`],
    ['channels not a list', () => `Bearer ${signCallerJwt({ agora_channels: 'demo-*' })}`],
    ['a scope that is not a string', () => `Bearer ${signCallerJwt({ scope: 7 })}`],
  ];

  it.each(refused)('should answer the same 401 for %s', async (_case, header) => {
    await expectUnauthorized(await getSession(app, header()));
  });

  it('should not take a token from the query string', async () => {
    const response = await fetch(`${app.baseUrl}/v1/session?access_token=${signCallerJwt()}`);
    await expectUnauthorized(response);
  });

  it('should log the reason, never the token', async () => {
    const token = signCallerJwt({}, { iat: now() - 1000, ttlSeconds: 100 });
    await expectUnauthorized(await getSession(app, `Bearer ${token}`));
    expect(logger.lines.some((line) => /^401: .*expired/.test(line))).toBe(true);
    expect(logger.lines.join('\n')).not.toContain(token.split('.')[2]);
  });

  it('should skip a template whose claim value contains *', async () => {
    const token = signCallerJwt({ sub: 'bob', team_id: 'blue*' });
    const body = (await (await getSession(app, `Bearer ${token}`)).json()) as {
      channelGrants: string[];
    };
    expect(body.channelGrants).toEqual(['user-bob']);
  });

  it('should serve the health probes without a token', async () => {
    for (const path of ['/health/live', '/health/ready']) {
      const response = await fetch(`${app.baseUrl}${path}`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { status: string }).status).toBe('ok');
    }
  });
});

describe('caller authentication (PEM public key deployment)', () => {
  const rsa = generateSigningKey('RS256');
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(keyEnv({ AUTH_JWT_PUBLIC_KEY: rsa.pem }));
  });
  afterAll(() => app.close());

  it('should accept an RS256 token signed with the matching key', async () => {
    const response = await getSession(app, `Bearer ${signWith(rsa)}`);
    expect(response.status).toBe(200);
  });

  it('should refuse an HS256 token signed with the public key PEM as secret (algorithm confusion)', async () => {
    const forged = signCallerJwt({}, { alg: 'HS256', key: rsa.pem });
    await expectUnauthorized(await getSession(app, `Bearer ${forged}`));
  });

  it('should refuse an RS256 token signed with another key', async () => {
    await expectUnauthorized(
      await getSession(app, `Bearer ${signWith(generateSigningKey('RS256'))}`),
    );
  });
});

describe('caller authentication (JWKS deployment)', () => {
  const rsa = generateSigningKey('RS256', 'rsa-1');
  const ec = generateSigningKey('ES256', 'ec-1');
  const ed = generateSigningKey('EdDSA', 'ed-1');
  let jwks: JwksServer;
  let app: TestApp;

  beforeAll(async () => {
    jwks = await startJwksServer([rsa.jwk, ec.jwk, ed.jwk]);
    app = await startTestApp({
      ...keyEnv({ AUTH_JWKS_URL: jwks.url }),
      AUTH_JWKS_COOLDOWN_SECONDS: '1',
    });
  });
  afterAll(async () => {
    await app.close();
    await jwks.stop();
  });

  it.each([
    ['RS256', rsa],
    ['ES256', ec],
    ['EdDSA', ed],
  ])('should accept a %s token whose kid is in the JWKS', async (_alg, key) => {
    const response = await getSession(app, `Bearer ${signWith(key, { sub: `${key.alg}-user` })}`);
    expect(response.status).toBe(200);
  });

  it('should refuse an HS256 token signed with a JWKS key as secret (algorithm confusion)', async () => {
    for (const secret of [rsa.pem, JSON.stringify(rsa.jwk)]) {
      const forged = signCallerJwt({}, { alg: 'HS256', key: secret, kid: rsa.kid });
      await expectUnauthorized(await getSession(app, `Bearer ${forged}`));
    }
  });

  it('should refuse a token whose alg does not fit the key its kid names', async () => {
    const token = signCallerJwt({}, { alg: 'ES256', key: ec.privateKey, kid: rsa.kid });
    await expectUnauthorized(await getSession(app, `Bearer ${token}`));
  });

  it('should refuse an EdDSA token with a forged signature', async () => {
    const [header, payload] = signWith(ed).split('.');
    const forged = `${header}.${payload}.${Buffer.alloc(64).toString('base64url')}`;
    await expectUnauthorized(await getSession(app, `Bearer ${forged}`));
  });

  it('should refuse a token whose kid is not in the JWKS', async () => {
    const stranger = generateSigningKey('RS256', 'unknown-kid');
    await expectUnauthorized(await getSession(app, `Bearer ${signWith(stranger)}`));
  });

  it('should keep accepting cached keys and answer 503 for unknown ones while the JWKS is down', async () => {
    await jwks.stop();
    // Past the 1 s cooldown, an unknown kid makes the client try (and fail) to refetch.
    await new Promise((resolve) => setTimeout(resolve, 1100));

    const cached = await getSession(app, `Bearer ${signWith(rsa)}`);
    expect(cached.status).toBe(200);

    const unknown = await getSession(
      app,
      `Bearer ${signWith(generateSigningKey('ES256', 'rotated'))}`,
    );
    expect(unknown.status).toBe(503);
    expect(Number(unknown.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await unknown.json()).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'caller signing keys are temporarily unavailable',
      code: 'AUTH_KEYS_UNAVAILABLE',
    });

    const ready = await fetch(`${app.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
  });
});

describe('caller authentication (JWKS unreachable from the start)', () => {
  let app: TestApp;

  beforeAll(async () => {
    const jwks = await startJwksServer();
    await jwks.stop();
    app = await startTestApp(keyEnv({ AUTH_JWKS_URL: jwks.url }));
  });
  afterAll(() => app.close());

  it('should report not ready, with no internals in the body', async () => {
    const response = await fetch(`${app.baseUrl}/health/ready`);
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(text).not.toContain('127.0.0.1');
    expect(JSON.parse(text)).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' });
  });

  it('should answer 503 AUTH_KEYS_UNAVAILABLE, not 401, for a well-formed token', async () => {
    const response = await getSession(app, `Bearer ${signWith(generateSigningKey('RS256'))}`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('should still answer 401 for a token whose algorithm is not allowed', async () => {
    await expectUnauthorized(await getSession(app, `Bearer ${signCallerJwt()}`));
  });
});

function validClaims() {
  return { iss: TEST_ISSUER, aud: TEST_AUDIENCE, sub: 'user-1', iat: now(), exp: now() + 300 };
}

function hs512Token(): string {
  const header = Buffer.from(JSON.stringify({ alg: 'HS512', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify(validClaims())).toString('base64url');
  const signature = createHmac('sha512', TEST_ENV.AUTH_JWT_SECRET ?? '')
    .update(`${header}.${payload}`)
    .digest('base64url');
  return `${header}.${payload}.${signature}`;
}
