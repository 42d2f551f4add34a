import { schemaDtos } from '../src/common/schema-dto';
import { CapturingLogger, startTestApp, type TestApp } from './support/app';
import {
  aliceJwt,
  expectIssued,
  expectRefused,
  post,
  serviceJwt,
  TOKENS_ENV,
  decode,
} from './support/tokens';

/** A default-lifetime token, signed with the active certificate. */
function decodeDefault(token: string) {
  const parsed = decode(token);
  expect(parsed.expire).toBe(3600);
  return parsed;
}

/**
 * Strict request validation: unknown fields refused, no coercion, Agora's charset and
 * byte limits. Every case is a 400 VALIDATION_FAILED (or the transport's own 400/413/415) and
 * nothing is issued. The caller may hold everything, so only validation can refuse.
 */
describe('token request validation', () => {
  let app: TestApp;
  const logger = new CapturingLogger();
  const jwt = aliceJwt(['rtc:publish', 'tokens:wildcard', 'rtm:permissions', 'chat:app']);
  const RTC = { channel: 'room-1', uid: 1001, role: 'publisher' };

  beforeAll(async () => {
    app = await startTestApp(TOKENS_ENV, { logger });
  });
  afterAll(() => app.close());

  it('should accept the baseline body (so each case below fails for its own reason)', async () => {
    const reply = await post(app, '/v1/tokens/rtc', RTC, jwt);
    expectIssued(reply);
    expect(decodeDefault(reply.body.token).services).toEqual([
      {
        type: 1,
        channelName: 'room-1',
        uid: '1001',
        privileges: [
          [1, 3600],
          [2, 3600],
          [3, 3600],
          [4, 3600],
        ],
      },
    ]);
  });

  const rtcCases: Array<[string, Record<string, unknown>]> = [
    ['uid as a numeric string', { ...RTC, uid: '12' }],
    ['uid "0" as a string', { ...RTC, uid: '0' }],
    ['uid null', { ...RTC, uid: null }],
    ['uid false', { ...RTC, uid: false }],
    ['uid true', { ...RTC, uid: true }],
    ['uid []', { ...RTC, uid: [] }],
    ['uid {}', { ...RTC, uid: {} }],
    ['uid 1.5', { ...RTC, uid: 1.5 }],
    ['uid -1', { ...RTC, uid: -1 }],
    ['uid 2^32', { ...RTC, uid: 4294967296 }],
    ['uid 1e21', { ...RTC, uid: 1e21 }],
    ['neither uid nor account', { channel: 'room-1', role: 'publisher' }],
    ['both uid and account', { ...RTC, account: 'alice' }],
    ['uid with account null', { ...RTC, account: null }],
    ['account ""', { channel: 'room-1', account: '', role: 'publisher' }],
    ['account 256 bytes', { channel: 'room-1', account: 'a'.repeat(256), role: 'publisher' }],
    ['account with a slash', { channel: 'room-1', account: 'ali/ce', role: 'publisher' }],
    ['account with a newline', { channel: 'room-1', account: 'alice\n', role: 'publisher' }],
    ['account with non-ASCII text', { channel: 'room-1', account: 'alicé', role: 'publisher' }],
    ['account as a number', { channel: 'room-1', account: 1001, role: 'publisher' }],
    ['channel ""', { ...RTC, channel: '' }],
    ['channel of 64 bytes', { ...RTC, channel: 'r'.repeat(64) }],
    ['channel with a disallowed character (/)', { ...RTC, channel: 'room/1' }],
    ['channel with a quote', { ...RTC, channel: "room'1" }],
    ['channel with a backslash', { ...RTC, channel: 'room\\1' }],
    ['channel with a tab', { ...RTC, channel: 'room\t1' }],
    ['channel with an emoji', { ...RTC, channel: 'room-\u{1F600}' }],
    ['channel with a * inside', { ...RTC, channel: 'room-*' }],
    ['channel null', { ...RTC, channel: null }],
    ['channel as a number', { ...RTC, channel: 1 }],
    ['channel missing', { uid: 1001, role: 'publisher' }],
    ['role unknown', { ...RTC, role: 'admin' }],
    ['role as Agora number', { ...RTC, role: 1 }],
    ['role in another case', { ...RTC, role: 'Publisher' }],
    ['role missing', { channel: 'room-1', uid: 1001 }],
    ['ttlSeconds 0', { ...RTC, ttlSeconds: 0 }],
    ['ttlSeconds negative', { ...RTC, ttlSeconds: -60 }],
    ['ttlSeconds as a string', { ...RTC, ttlSeconds: '600' }],
    ['ttlSeconds null', { ...RTC, ttlSeconds: null }],
    ['ttlSeconds 1.5', { ...RTC, ttlSeconds: 1.5 }],
    ['privileges []', { ...RTC, privileges: [] }],
    ['privileges as a string', { ...RTC, privileges: 'all' }],
    ['privileges null', { ...RTC, privileges: null }],
    ['an unknown privilege', { ...RTC, privileges: { administrate: 60 } }],
    ['a privilege as a string', { ...RTC, privileges: { joinChannel: '60' } }],
    ['a privilege of 0 seconds', { ...RTC, privileges: { joinChannel: 0 } }],
    ['rtm null', { ...RTC, rtm: null }],
    ['rtm []', { ...RTC, rtm: [] }],
    ['rtm with an unknown field', { ...RTC, rtm: { userId: 'alice', role: 'admin' } }],
    ['version 008', { ...RTC, version: '008' }],
    ['version as a number', { ...RTC, version: 6 }],
    ['project with a path', { ...RTC, project: '../default' }],
    ['project null', { ...RTC, project: null }],
    [
      'an unknown field appCertificate',
      { ...RTC, appCertificate: 'abcdef0123456789abcdef0123456701' },
    ],
    ['an unknown field appId', { ...RTC, appId: '0123456789abcdef0123456789abcd01' }],
    ['an unknown field salt', { ...RTC, salt: 1 }],
    ['an unknown field issuedAt', { ...RTC, issuedAt: 1 }],
  ];

  it.each(rtcCases)('should refuse %s with 400 VALIDATION_FAILED', async (_case, body) => {
    const reply = await post(app, '/v1/tokens/rtc', body, jwt);
    expectRefused(reply, 400, 'VALIDATION_FAILED');
    expect(reply.body.message).toEqual(expect.arrayContaining([expect.any(String)]));
  });

  it('should never echo a rejected value', async () => {
    const reply = await post(
      app,
      '/v1/tokens/rtc',
      { ...RTC, channel: 'SECRET/VALUE', appCertificate: 'SECRET-CERT' },
      jwt,
    );
    expectRefused(reply, 400, 'VALIDATION_FAILED');
    expect(reply.text).not.toContain('SECRET');
  });

  it.each([
    ['a channel of 63 bytes', { ...RTC, channel: `team-1-${'x'.repeat(56)}` }],
    [
      'a channel with every allowed punctuation',
      { ...RTC, channel: 'team-1- !#$%&()+-:;<=.>?@[]^_{}|~,' },
    ],
    ['a channel with a space', { ...RTC, channel: 'team-1-a b' }],
  ])('should accept %s exactly as given', async (_case, body) => {
    const reply = await post(app, '/v1/tokens/rtc', body, jwt);
    expectIssued(reply);
    expect(reply.body.channel).toBe(body.channel);
    // Signed exactly as given: no trimming or normalising.
    expect(decodeDefault(reply.body.token).services[0]).toMatchObject({
      channelName: body.channel,
      uid: '1001',
    });
  });

  it.each([
    [
      'uid 0 (a number: the policy judges the wildcard)',
      { ...RTC, uid: 0, role: 'publisher' },
      403,
      'WILDCARD_NOT_ALLOWED',
    ],
    ['uid 2^32-1', { ...RTC, uid: 4294967295 }, 403, 'UID_MISMATCH'],
    [
      'account "*" (the policy judges the wildcard)',
      { channel: 'room-1', account: '*', role: 'publisher' },
      403,
      'WILDCARD_NOT_ALLOWED',
    ],
    [
      'an account of 255 bytes',
      { channel: 'room-1', account: 'a'.repeat(255), role: 'publisher' },
      403,
      'UID_MISMATCH',
    ],
    [
      'an all-digit account',
      { channel: 'room-1', account: '42', role: 'publisher' },
      400,
      'ACCOUNT_LOOKS_NUMERIC',
    ],
    [
      'a lifetime of a year (no upper bound in the DTO)',
      { ...RTC, ttlSeconds: 31_536_000 },
      400,
      'TTL_TOO_LONG',
    ],
  ])('should pass %s on to the policy', async (_case, body, status, code) => {
    expectRefused(await post(app, '/v1/tokens/rtc', body, jwt), status, code);
  });

  it.each([
    ['/v1/tokens/rtm', { userId: 1001 }],
    ['/v1/tokens/rtm', { userId: '' }],
    ['/v1/tokens/rtm', { userId: 'a'.repeat(64) }],
    ['/v1/tokens/rtm', { userId: 'alice', permissions: {} }],
    [
      '/v1/tokens/rtm',
      { userId: 'alice', permissions: [{ resource: 'rooms', permission: 'read', names: ['a'] }] },
    ],
    [
      '/v1/tokens/rtm',
      { userId: 'alice', permissions: [{ resource: 'users', permission: 'admin', names: ['a'] }] },
    ],
    [
      '/v1/tokens/rtm',
      { userId: 'alice', permissions: [{ resource: 'users', permission: 'read', names: 'a' }] },
    ],
    [
      '/v1/tokens/rtm',
      { userId: 'alice', permissions: [{ resource: 'users', permission: 'read', names: [''] }] },
    ],
    ['/v1/tokens/rtm', { userId: 'alice', permissions: ['users'] }],
    ['/v1/tokens/rtm', { userId: 'alice', appId: 'x' }],
    ['/v1/tokens/chat', { kind: 'user' }],
    ['/v1/tokens/chat', { kind: 'user', userId: null }],
    ['/v1/tokens/chat', { kind: 'app', userId: 'alice' }],
    ['/v1/tokens/chat', { kind: 'admin' }],
    ['/v1/tokens/chat', { kind: 'app', ttlSeconds: '60' }],
    ['/v1/tokens', {}],
    ['/v1/tokens', { services: [] }],
    ['/v1/tokens', { services: null }],
    ['/v1/tokens', { services: { video: {} } }],
    ['/v1/tokens', { services: { fpa: { login: 1 } } }],
    ['/v1/tokens', { services: { fpa: null } }],
    ['/v1/tokens', { services: { rtc: { channel: 'room-1', uid: '1001', role: 'publisher' } } }],
    [
      '/v1/tokens',
      { services: { rtc: { channel: 'room-1', uid: 1001, account: 'alice', role: 'publisher' } } },
    ],
    ['/v1/tokens', { services: { rtm: { userId: 'alice', appCertificate: 'x' } } }],
    ['/v1/tokens', { services: { apaas: { role: 40000 } } }],
    ['/v1/tokens', { services: { streaming: { channel: 'room-1', uid: 1001, privileges: {} } } }],
    ['/v1/tokens', { services: { fcdn: { channel: 'room-1', uid: 1001 } } }],
    ['/v1/tokens/inspect', { token: '' }],
    ['/v1/tokens/inspect', { token: 7 }],
    ['/v1/tokens/inspect', { token: 'x', uid: 1, account: 'alice' }],
    ['/v1/tokens/inspect', { token: 'x', certificate: 'abc' }],
  ])('should refuse %s %j with 400 VALIDATION_FAILED', async (path, body) => {
    const reply = await post(app, path, body, aliceJwt(['tokens:inspect', 'chat:app']));
    expectRefused(reply, 400, 'VALIDATION_FAILED');
  });

  it.each([
    ['an array', '[]'],
    ['a string', '"room-1"'],
    ['null', 'null'],
    ['a number', '1001'],
  ])('should refuse a JSON body that is %s', async (_case, body) => {
    expectRefused(await post(app, '/v1/tokens/rtc', body, jwt), 400, 'VALIDATION_FAILED');
  });

  it('should refuse malformed JSON with 400 INVALID_JSON', async () => {
    expectRefused(
      await post(app, '/v1/tokens/rtc', '{"channel":"room-1",', jwt),
      400,
      'INVALID_JSON',
    );
  });

  it('should refuse a __proto__ key with 400 INVALID_JSON', async () => {
    const body = '{"channel":"room-1","uid":1001,"role":"publisher","__proto__":{"x":1}}';
    expectRefused(await post(app, '/v1/tokens/rtc', body, jwt), 400, 'INVALID_JSON');
  });

  it('should refuse a body over 16 KiB with 413 PAYLOAD_TOO_LARGE', async () => {
    const body = JSON.stringify({ ...RTC, pad: 'x'.repeat(16 * 1024) });
    expectRefused(await post(app, '/v1/tokens/rtc', body, jwt), 413, 'PAYLOAD_TOO_LARGE');
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'should refuse content type %s with 415',
    async (contentType) => {
      const reply = await post(app, '/v1/tokens/rtc', JSON.stringify(RTC), jwt, contentType);
      expectRefused(reply, 415, 'UNSUPPORTED_MEDIA_TYPE');
    },
  );

  it('should check the token before the body (401 for a bad body without a JWT)', async () => {
    expectRefused(await post(app, '/v1/tokens/rtc', { uid: 'x' }), 401, 'UNAUTHENTICATED');
  });

  it('should let a service session hit the same validation', async () => {
    const reply = await post(app, '/v1/tokens/rtc', { ...RTC, uid: '1001' }, serviceJwt());
    expectRefused(reply, 400, 'VALIDATION_FAILED');
  });

  /**
   * Bodies holding every string field of every route (nested ones and array items too), valid
   * as they are: each string field in turn gets a lone UTF-16 surrogate. JSON.stringify writes it
   * as a `\ud800` escape, which the server's JSON.parse turns back into the lone surrogate.
   */
  const STRING_BODIES: Array<[string, string, Record<string, unknown>]> = [
    [
      'IssueRtcTokenDto',
      '/v1/tokens/rtc',
      {
        channel: 'room-1',
        account: 'alice',
        role: 'publisher',
        rtm: { userId: 'alice' },
        version: '007',
        project: 'default',
      },
    ],
    [
      'IssueRtmTokenDto',
      '/v1/tokens/rtm',
      {
        userId: 'alice',
        project: 'default',
        permissions: [{ resource: 'users', permission: 'read', names: ['alice'] }],
      },
    ],
    ['IssueChatTokenDto', '/v1/tokens/chat', { kind: 'user', userId: 'alice', project: 'default' }],
    [
      'IssueTokenDto',
      '/v1/tokens',
      {
        services: {
          rtc: { channel: 'room-1', account: 'alice', role: 'publisher' },
          rtm: { userId: 'alice' },
          rtm2: {
            userId: 'alice',
            permissions: [{ resource: 'users', permission: 'read', names: ['alice'] }],
          },
          chat: { kind: 'user', userId: 'alice' },
          apaas: { roomUuid: 'room-1', userUuid: 'alice' },
          streaming: { channel: 'room-1', account: 'alice' },
          fcdn: { channel: 'room-1', account: 'alice', role: 'publisher' },
        },
        project: 'default',
      },
    ],
    [
      'InspectTokenDto',
      '/v1/tokens/inspect',
      { token: '007abc', appId: 'a'.repeat(32), channel: 'room-1', account: 'alice' },
    ],
    ['FetchRtcTokenDto', '/fetch_rtc_token', { uid: 1001, ChannelName: 'room-1', role: 1 }],
    ['FetchRtcTokenDto', '/fetch_rtc_token', { uid: 1001, channelName: 'room-1', role: 1 }],
    [
      'GetTokenDto',
      '/getToken',
      { tokenType: 'rtc', channel: 'room-1', role: 'publisher', uid: 'alice' },
    ],
  ];

  /** Every string field of a body: dotted path, and the body with a lone surrogate there. */
  function withSurrogates(body: unknown, path: string[] = []): Array<[string, unknown]> {
    if (typeof body === 'string') {
      return [[path.join('.'), `${body}\ud800`]];
    }
    if (typeof body !== 'object' || body === null) {
      return [];
    }
    return Object.entries(body).flatMap(([key, value]) =>
      withSurrogates(value, [...path, key]).map(([at, changed]): [string, unknown] => [
        at,
        Array.isArray(body)
          ? Object.assign([...body], { [key]: changed })
          : { ...body, [key]: changed },
      ]),
    );
  }

  /** The string fields a schema declares (array items as `0`), to prove the bodies cover them. */
  function schemaStrings(schema: unknown, path: string[] = []): string[] {
    const node = schema as { type?: string; properties?: object; items?: unknown };
    if (node.type === 'string') {
      return [path.join('.')];
    }
    return [
      ...Object.entries(node.properties ?? {}).flatMap(([key, sub]) =>
        schemaStrings(sub, [...path, key]),
      ),
      ...(node.items ? schemaStrings(node.items, [...path, '0']) : []),
    ];
  }

  it('should cover every string field of every request body', () => {
    for (const [name, dto] of schemaDtos()) {
      const covered = STRING_BODIES.filter(([n]) => n === name).flatMap(([, , body]) =>
        withSurrogates(body).map(([at]) => at),
      );
      expect({
        name,
        fields: schemaStrings(dto.schema).filter((f) => !covered.includes(f)),
      }).toEqual({ name, fields: [] });
    }
  });

  it.each(
    STRING_BODIES.flatMap(([, path, body]) =>
      withSurrogates(body).map(([field, changed]) => [path, field, changed] as const),
    ),
  )(
    'should refuse a lone surrogate in %s %s with 400 naming the field',
    async (path, field, body) => {
      const jwt = aliceJwt([
        'rtc:publish',
        'tokens:wildcard',
        'rtm:permissions',
        'chat:app',
        'tokens:inspect',
      ]);
      const reply = await post(app, path, body, jwt);
      expectRefused(reply, 400, 'VALIDATION_FAILED');
      expect(reply.body.message).toEqual([expect.stringContaining(field)]);
    },
  );

  it.each(['%ED%A0%80', '%uD800', '%FF', '%', '%E0%A4%A'])(
    'should never answer 500 to the query string x=%s',
    async (query) => {
      const rtc = await post(app, `/v1/tokens/rtc?x=${query}&channel=${query}`, RTC, jwt);
      expect(rtc.status).toBe(201);
      const session = await fetch(`${app.baseUrl}/v1/session?x=${query}`, {
        headers: { authorization: `Bearer ${jwt}` },
      });
      expect(session.status).toBe(200);
      const live = await fetch(`${app.baseUrl}/health/live?x=${query}`);
      expect(live.status).toBe(200);
    },
  );

  it('should have issued nothing for any refused request', () => {
    // The baseline, the accepted channels and the query string cases are its only issuances.
    const issued = logger.lines.filter((line) => line.includes('"event":"token.issued"'));
    expect(issued).toHaveLength(4 + 5);
  });
});
