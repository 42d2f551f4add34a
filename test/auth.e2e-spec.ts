import { createHmac } from 'node:crypto';
import type { AuthFailureReason } from '../src/auth/auth-rejection';
import type { RawEnv } from '../src/config/env.validation';
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

async function expectUnauthorized(response: Response, missingToken = false): Promise<void> {
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBe(
    missingToken ? 'Bearer' : 'Bearer error="invalid_token"',
  );
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(await response.text()).toBe(UNAUTHORIZED);
}

/** `ata_auth_failures_total` by reason, from the app's /metrics. */
async function authFailures(app: TestApp): Promise<Record<string, number>> {
  const text = await (await fetch(app.metricsUrl ?? '')).text();
  const counts: Record<string, number> = {};
  for (const [, reason, value] of text.matchAll(
    /^ata_auth_failures_total\{reason="(\w+)"\} (\d+)$/gm,
  )) {
    counts[reason ?? ''] = Number(value);
  }
  return counts;
}

/** Sends one request and checks the uniform 401 and that exactly `reason` was counted once. */
async function expectRefusedFor(
  app: TestApp,
  reason: AuthFailureReason,
  send: () => Promise<Response>,
): Promise<void> {
  const before = await authFailures(app);
  await expectUnauthorized(await send(), reason === 'MISSING_TOKEN');
  const after = await authFailures(app);
  const changed = Object.keys(after).filter((name) => after[name] !== before[name]);
  expect(changed).toEqual([reason]);
  expect((after[reason] ?? 0) - (before[reason] ?? 0)).toBe(1);
}

/** An HS256 JWT over raw payload bytes (not necessarily UTF-8 or JSON), validly signed. */
function signedRaw(payload: Buffer, header: object = { alg: 'HS256', typ: 'JWT' }): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${payload.toString('base64url')}`;
  const signature = createHmac('sha256', TEST_ENV.AUTH_JWT_SECRET ?? '').update(input);
  return `${input}.${signature.digest('base64url')}`;
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

  const refused: Array<[string, AuthFailureReason, () => string | undefined]> = [
    ['no Authorization header', 'MISSING_TOKEN', () => undefined],
    ['another scheme', 'MISSING_TOKEN', () => `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['the token without a scheme', 'MISSING_TOKEN', () => signCallerJwt()],
    ['two tokens', 'MISSING_TOKEN', () => `Bearer ${signCallerJwt()} ${signCallerJwt()}`],
    ['a garbled token', 'MALFORMED', () => 'Bearer not.a.jwt'],
    ['a token that is not even dotted', 'MALFORMED', () => 'Bearer abcdef'],
    [
      'alg none',
      'ALGORITHM_NOT_ALLOWED',
      () => `Bearer ${rawJwt({ alg: 'none', typ: 'JWT' }, JSON.stringify(validClaims()))}`,
    ],
    [
      'alg none with a signature',
      'ALGORITHM_NOT_ALLOWED',
      () => `Bearer ${rawJwt({ alg: 'none' }, JSON.stringify(validClaims()), 'c2ln')}`,
    ],
    [
      'a wrong signature',
      'BAD_SIGNATURE',
      () => `Bearer ${signCallerJwt({}, { key: 'another-secret-of-more-than-32-bytes!!' })}`,
    ],
    [
      'an HS512 token (algorithm not allowed)',
      'ALGORITHM_NOT_ALLOWED',
      () => `Bearer ${hs512Token()}`,
    ],
    [
      'an expired token',
      'TOKEN_EXPIRED',
      () => `Bearer ${signCallerJwt({}, { iat: now() - 1000, ttlSeconds: 100 })}`,
    ],
    ['no exp', 'MISSING_CLAIM', () => `Bearer ${signCallerJwt({}, { ttlSeconds: null })}`],
    ['a string exp', 'MALFORMED', () => `Bearer ${signCallerJwt({ exp: String(now() + 60) })}`],
    [
      'an iat in the future',
      'ISSUED_IN_FUTURE',
      () => `Bearer ${signCallerJwt({}, { iat: now() + 3600 })}`,
    ],
    [
      'a lifetime over the maximum',
      'LIFETIME_TOO_LONG',
      () => `Bearer ${signCallerJwt({}, { ttlSeconds: 86_400 + 60 })}`,
    ],
    [
      'no iat and exp too far away',
      'LIFETIME_TOO_LONG',
      () => `Bearer ${signCallerJwt({ exp: now() + 86_400 + 600 }, { iat: null })}`,
    ],
    [
      'an nbf in the future',
      'NOT_YET_VALID',
      () => `Bearer ${signCallerJwt({ nbf: now() + 3600 })}`,
    ],
    ['a wrong iss', 'WRONG_ISSUER', () => `Bearer ${signCallerJwt({ iss: 'https://evil.test' })}`],
    ['no iss', 'WRONG_ISSUER', () => `Bearer ${signCallerJwt({ iss: undefined })}`],
    ['a wrong aud', 'WRONG_AUDIENCE', () => `Bearer ${signCallerJwt({ aud: 'someone-else' })}`],
    ['no sub', 'MISSING_CLAIM', () => `Bearer ${signCallerJwt({ sub: undefined })}`],
    ['an empty sub', 'MISSING_CLAIM', () => `Bearer ${signCallerJwt({ sub: '' })}`],
    ['a numeric sub', 'MISSING_CLAIM', () => `Bearer ${signCallerJwt({ sub: 42 })}`],
    [
      'a __proto__ claim',
      'FORBIDDEN_CLAIM',
      () => `Bearer ${signCallerJwt({ ['__proto__']: { admin: true } })}`,
    ],
    [
      'a constructor claim',
      'FORBIDDEN_CLAIM',
      () => `Bearer ${signCallerJwt({ constructor: 'x' })}`,
    ],
    [
      'a crit header',
      'CRITICAL_HEADER',
      () => `Bearer ${signCallerJwt({}, { header: { crit: ['exp'] } })}`,
    ],
    ['a string uid claim', 'INVALID_CLAIM', () => `Bearer ${signCallerJwt({ agora_uid: '1001' })}`],
    ['uid 0', 'INVALID_CLAIM', () => `Bearer ${signCallerJwt({ agora_uid: 0 })}`],
    ['uid 2^32', 'INVALID_CLAIM', () => `Bearer ${signCallerJwt({ agora_uid: 2 ** 32 })}`],
    [
      'channels not a list',
      'INVALID_CLAIM',
      () => `Bearer ${signCallerJwt({ agora_channels: 'demo-*' })}`,
    ],
    [
      'a scope that is not a string',
      'INVALID_CLAIM',
      () => `Bearer ${signCallerJwt({ scope: 7 })}`,
    ],
    ...(['id_token+jwt', 'refresh+jwt', 'logout+jwt', 'application/secevent+jwt'] as const).map(
      (typ): [string, AuthFailureReason, () => string] => [
        `typ ${typ} (another kind of token)`,
        'WRONG_TYPE',
        () => `Bearer ${signCallerJwt({}, { header: { typ } })}`,
      ],
    ),
    [
      'a validly signed payload that is not UTF-8 (sub "ali\\xFFce")',
      'MALFORMED',
      () => {
        const [head, tail] = JSON.stringify({ ...validClaims(), sub: 'ali|ce' }).split('|');
        const bytes = [Buffer.from(head ?? ''), Buffer.from([0xff]), Buffer.from(tail ?? '')];
        return `Bearer ${signedRaw(Buffer.concat(bytes))}`;
      },
    ],
    [
      'a validly signed payload with a UTF-8 BOM',
      'MALFORMED',
      () => `Bearer ${signedRaw(Buffer.from(`\ufeff${JSON.stringify(validClaims())}`))}`,
    ],
    [
      'a validly signed payload that is a JSON string',
      'MALFORMED',
      () => `Bearer ${signedRaw(Buffer.from('"alice"'))}`,
    ],
  ];

  it.each(refused)(
    'should answer the same 401 for %s, counted as %s',
    async (_case, reason, header) => {
      await expectRefusedFor(app, reason, () => getSession(app, header()));
    },
  );

  it.each([undefined, 'JWT', 'at+jwt', 'application/AT+JWT'])(
    'should accept typ %j',
    async (typ) => {
      const token = signCallerJwt({}, { header: { typ } });
      expect((await getSession(app, `Bearer ${token}`)).status).toBe(200);
    },
  );

  it('should not take a token from the query string', async () => {
    await expectRefusedFor(app, 'MISSING_TOKEN', () =>
      fetch(`${app.baseUrl}/v1/session?access_token=${signCallerJwt()}`),
    );
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

describe('caller authentication: security events', () => {
  let app: TestApp;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    // A fresh app: the log sampler's budget for 127.0.0.1 is untouched. No IP limit in the way.
    app = await startTestApp({ ...TEST_ENV, THROTTLE_IP_LIMIT: '100000' }, { logger });
  });
  afterAll(() => app.close());

  it('should log the reason code as a warning event, never the token', async () => {
    const token = signCallerJwt({}, { iat: now() - 1000, ttlSeconds: 100 });
    const response = await fetch(`${app.baseUrl}/v1/session`, {
      headers: { authorization: `Bearer ${token}`, 'x-request-id': 'auth-expired-1' },
    });
    await expectUnauthorized(response);
    expect(logger.records.filter((record) => record.event === 'auth.failed')).toEqual([
      expect.objectContaining({
        level: 'warn',
        event: 'auth.failed',
        reason: 'TOKEN_EXPIRED',
        requestId: 'auth-expired-1',
        suppressed: 0,
      }),
    ]);
    expect(logger.lines.join('\n')).not.toContain(token.split('.')[2]);
  });

  it('should count every refusal of a flood but log at most 5 of them per client', async () => {
    const before = await authFailures(app);
    const events = () => logger.records.filter((record) => record.event === 'auth.failed');
    const logged = events().length;
    for (let batch = 0; batch < 10; batch += 1) {
      const replies = await Promise.all(
        Array.from({ length: 30 }, () => getSession(app, 'Bearer garbage.garbage.garbage')),
      );
      expect(replies.map((reply) => reply.status)).toEqual(Array<number>(30).fill(401));
    }
    expect((await authFailures(app)).MALFORMED).toBe((before.MALFORMED ?? 0) + 300);
    // One line was written by the previous test from this client: 4 more, then silence.
    expect(events().length - logged).toBe(4);
    expect(events().every((record) => record.level === 'warn')).toBe(true);
  });
});

describe('caller authentication: security events behind a trusted proxy', () => {
  let app: TestApp;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    app = await startTestApp(
      { ...TEST_ENV, THROTTLE_IP_LIMIT: '100000', TRUSTED_PROXY_HOPS: '1' },
      { logger },
    );
  });
  afterAll(() => app.close());

  it('should give each forwarded client its own log budget, so one flood cannot mute another', async () => {
    const refuse = (client: string) =>
      fetch(`${app.baseUrl}/v1/session`, {
        headers: { authorization: 'Bearer garbage.garbage.garbage', 'x-forwarded-for': client },
      });
    for (let i = 0; i < 20; i += 1) {
      await expectUnauthorized(await refuse('198.51.100.7'));
    }
    await expectUnauthorized(await refuse('203.0.113.9'));
    const logged = logger.records.filter((record) => record.event === 'auth.failed');
    // 5 lines for the flooding client, then silence; the other client's first refusal still logs,
    // and reports the 15 lines left out since the last one.
    expect(logged).toHaveLength(6);
    expect(logged[5]).toMatchObject({ reason: 'MALFORMED', suppressed: 15 });
  });
});

describe('caller authentication in development (NODE_ENV=development)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ ...TEST_ENV, NODE_ENV: 'development' });
  });
  afterAll(() => app.close());

  it.each([
    [
      'an expired token',
      () => `Bearer ${signCallerJwt({}, { iat: now() - 1000, ttlSeconds: 100 })}`,
      'Bearer error="invalid_token", error_description="TOKEN_EXPIRED: expired"',
    ],
    [
      'an id token',
      () => `Bearer ${signCallerJwt({}, { header: { typ: 'id_token+jwt' } })}`,
      'Bearer error="invalid_token", error_description="WRONG_TYPE: typ is not in AUTH_JWT_TYPES"',
    ],
    [
      'no token',
      () => undefined,
      'Bearer error_description="MISSING_TOKEN: no Authorization: Bearer token"',
    ],
  ])(
    'should say why in error_description for %s, with the same body',
    async (_case, header, challenge) => {
      const response = await getSession(app, header());
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(challenge);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.text()).toBe(UNAUTHORIZED);
    },
  );
});

describe('caller authentication (AUTH_JWT_TYPES=at+jwt)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ ...TEST_ENV, AUTH_JWT_TYPES: 'at+jwt' });
  });
  afterAll(() => app.close());

  it('should accept only tokens typed at+jwt', async () => {
    const typed = signCallerJwt({}, { header: { typ: 'application/at+jwt' } });
    expect((await getSession(app, `Bearer ${typed}`)).status).toBe(200);
    await expectRefusedFor(app, 'WRONG_TYPE', () => getSession(app, `Bearer ${signCallerJwt()}`));
    const untyped = signCallerJwt({}, { header: { typ: undefined } });
    await expectRefusedFor(app, 'WRONG_TYPE', () => getSession(app, `Bearer ${untyped}`));
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
    await expectRefusedFor(app, 'ALGORITHM_NOT_ALLOWED', () => getSession(app, `Bearer ${token}`));
  });

  it('should refuse an EdDSA token even when its key is published (jsonwebtoken has no EdDSA)', async () => {
    await expectRefusedFor(app, 'ALGORITHM_NOT_ALLOWED', () =>
      getSession(app, `Bearer ${signWith(ed)}`),
    );
  });

  it('should refuse an RS256 token with a bad signature', async () => {
    const [header, payload] = signWith(rsa).split('.');
    const forged = `${header}.${payload}.${Buffer.alloc(256).toString('base64url')}`;
    await expectRefusedFor(app, 'BAD_SIGNATURE', () => getSession(app, `Bearer ${forged}`));
  });

  it('should refuse a token whose kid is not in the JWKS', async () => {
    const stranger = generateSigningKey('RS256', 'unknown-kid');
    await expectRefusedFor(app, 'UNKNOWN_KEY', () =>
      getSession(app, `Bearer ${signWith(stranger)}`),
    );
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

describe('caller authentication (JWKS cache TTL and staleness)', () => {
  const rsa = generateSigningKey('RS256', 'rsa-1');
  const ec = generateSigningKey('ES256', 'ec-1');
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  let jwks: JwksServer;
  let app: TestApp;

  beforeAll(async () => {
    jwks = await startJwksServer([rsa.jwk, ec.jwk]);
    const env: RawEnv = {
      ...keyEnv({ AUTH_JWKS_URL: jwks.url }),
      AUTH_JWKS_COOLDOWN_SECONDS: '1',
      AUTH_JWKS_CACHE_TTL_SECONDS: '1',
      AUTH_JWKS_MAX_STALE_SECONDS: '3',
    };
    app = await startTestApp(env);
  });
  afterAll(async () => {
    await app.close();
    await jwks.stop();
  });

  it('should refetch once the TTL has passed, so a kid removed from the set is refused', async () => {
    expect((await getSession(app, `Bearer ${signWith(rsa)}`)).status).toBe(200);
    jwks.setKeys([ec.jwk]);
    await pause(1100);
    const fetched = jwks.requests();
    await expectRefusedFor(app, 'UNKNOWN_KEY', () => getSession(app, `Bearer ${signWith(rsa)}`));
    expect(jwks.requests()).toBe(fetched + 1);
    expect((await getSession(app, `Bearer ${signWith(ec)}`)).status).toBe(200);
  });

  it('should keep cached keys while the URL is down, for at most AUTH_JWKS_MAX_STALE_SECONDS', async () => {
    jwks.setKeys([rsa.jwk, ec.jwk]);
    await pause(1100);
    // The last good fetch: keys may be used for 3 s from here.
    expect((await getSession(app, `Bearer ${signWith(rsa)}`)).status).toBe(200);
    await jwks.stop();
    await pause(1100);
    expect((await getSession(app, `Bearer ${signWith(rsa)}`)).status).toBe(200);
    await pause(2100);
    const stale = await getSession(app, `Bearer ${signWith(rsa)}`);
    expect(stale.status).toBe(503);
    expect((await stale.json()) as object).toMatchObject({ code: 'AUTH_KEYS_UNAVAILABLE' });
    expect((await fetch(`${app.baseUrl}/health/ready`)).status).toBe(503);
  }, 15_000);
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
