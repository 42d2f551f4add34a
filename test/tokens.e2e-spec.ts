import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildAccessToken006,
  buildChatAppToken,
  buildChatUserToken,
  buildRtcToken006WithUid,
  buildRtcTokenWithRtm2,
  buildRtcTokenWithUid,
  buildRtcTokenWithUserAccount,
  buildRtmToken,
  buildRtmTokenWithPermissions,
  parseAccessToken006,
  parseAccessToken2,
  Role006,
  RtcRole,
  verifyAccessToken006,
  verifyAccessToken2,
  type ParsedAccessToken2,
} from '../src/agora-token';
import { CapturingLogger, startTestApp, type TestApp } from './support/app';
import { startJwksServer, type JwksServer } from './support/jwks-server';
import { generateSigningKey, signCallerJwt, signWith } from './support/jwt';
import { TEST_AGORA_APP_ID, TEST_AGORA_CERTIFICATE, keyEnv } from './support/test-env';
import {
  aliceJwt,
  expectIssued,
  expectRefused,
  iso,
  nowSeconds,
  pinClock,
  PINNED_NOW,
  post,
  serviceJwt,
  TOKENS_ENV,
  decode,
} from './support/tokens';

/** The signing inputs of a token the test rebuilds with the reference-equivalent builders. */
const signing = (parsed: ParsedAccessToken2) => ({
  appId: TEST_AGORA_APP_ID,
  appCertificate: TEST_AGORA_CERTIFICATE,
  issuedAt: parsed.issuedAt,
  salt: parsed.salt,
});

describe('POST /v1/tokens/rtc', () => {
  let app: TestApp;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    app = await startTestApp({ ...TOKENS_ENV, LOG_LEVEL: 'info' }, { logger });
  });
  afterAll(() => app.close());
  afterEach(() => jest.restoreAllMocks());

  it('should issue a publisher token for the own uid, byte-identical to buildTokenWithUid', async () => {
    pinClock(app);
    const reply = await post(
      app,
      '/v1/tokens/rtc',
      { channel: 'room-1', uid: 1001, role: 'publisher', ttlSeconds: 600 },
      aliceJwt(),
    );
    expectIssued(reply);
    const end = iso(PINNED_NOW + 600);
    expect(reply.body).toEqual({
      token: expect.stringMatching(/^007/),
      version: '007',
      appId: TEST_AGORA_APP_ID,
      project: 'default',
      channel: 'room-1',
      uid: 1001,
      role: 'publisher',
      issuedAt: iso(PINNED_NOW),
      expiresAt: end,
      issuedAtUnix: PINNED_NOW,
      expiresAtUnix: PINNED_NOW + 600,
      expiresInSeconds: 600,
      privilegeExpiresAt: {
        joinChannel: end,
        publishAudioStream: end,
        publishVideoStream: end,
        publishDataStream: end,
      },
    });
    const parsed = decode(reply.body.token);
    expect(parsed).toMatchObject({ issuedAt: PINNED_NOW, expire: 600 });
    expect(parsed.services).toEqual([
      {
        type: 1,
        channelName: 'room-1',
        uid: '1001',
        privileges: [
          [1, 600],
          [2, 600],
          [3, 600],
          [4, 600],
        ],
      },
    ]);
    const reference = buildRtcTokenWithUid({
      ...signing(parsed),
      channelName: 'room-1',
      uid: 1001,
      role: RtcRole.Publisher,
      tokenExpireSeconds: 600,
      privilegeExpireSeconds: 600,
    });
    expect(reply.body.token).toBe(reference);
  });

  it('should issue a subscriber token for the own account with the default lifetime', async () => {
    const before = nowSeconds();
    const reply = await post(
      app,
      '/v1/tokens/rtc',
      { channel: 'team-1-standup', account: 'alice', role: 'subscriber' },
      aliceJwt([]),
    );
    const after = nowSeconds();
    expectIssued(reply);
    expect(reply.body).toMatchObject({
      account: 'alice',
      role: 'subscriber',
      expiresInSeconds: 3600,
    });
    expect(reply.body.uid).toBeUndefined();
    expect(Object.keys(reply.body.privilegeExpiresAt)).toEqual(['joinChannel']);
    const parsed = decode(reply.body.token);
    expect(parsed.issuedAt).toBeGreaterThanOrEqual(before);
    expect(parsed.issuedAt).toBeLessThanOrEqual(after);
    expect(reply.body.issuedAtUnix).toBe(parsed.issuedAt);
    expect(parsed.expire).toBe(3600);
    expect(parsed.services).toEqual([
      { type: 1, channelName: 'team-1-standup', uid: 'alice', privileges: [[1, 3600]] },
    ]);
    const reference = buildRtcTokenWithUserAccount({
      ...signing(parsed),
      channelName: 'team-1-standup',
      account: 'alice',
      role: RtcRole.Subscriber,
      tokenExpireSeconds: 3600,
      privilegeExpireSeconds: 3600,
    });
    expect(reply.body.token).toBe(reference);
  });

  it('should carry an RTM login for the account, as buildTokenWithRtm2 does', async () => {
    pinClock(app);
    const reply = await post(
      app,
      '/v1/tokens/rtc',
      {
        channel: 'room-1',
        account: 'alice',
        role: 'publisher',
        ttlSeconds: 900,
        rtm: { ttlSeconds: 600 },
      },
      aliceJwt(),
    );
    expectIssued(reply);
    expect(reply.body.rtm).toEqual({ userId: 'alice', expiresAt: iso(PINNED_NOW + 600) });
    const parsed = decode(reply.body.token);
    expect(parsed.services.map((s) => s.type)).toEqual([1, 2]);
    expect(parsed.services[1]).toEqual({ type: 2, userId: 'alice', privileges: [[1, 600]] });
    const reference = buildRtcTokenWithRtm2({
      ...signing(parsed),
      channelName: 'room-1',
      rtcAccount: 'alice',
      rtcRole: RtcRole.Publisher,
      rtcTokenExpireSeconds: 900,
      privilegeExpireSeconds: {
        joinChannel: 900,
        publishAudioStream: 900,
        publishVideoStream: 900,
        publishDataStream: 900,
      },
      rtmUserId: 'alice',
      rtmTokenExpireSeconds: 600,
    });
    expect(reply.body.token).toBe(reference);
  });

  it('should take an explicit RTM user id with a numeric uid, and require one', async () => {
    const ok = await post(
      app,
      '/v1/tokens/rtc',
      { channel: 'room-1', uid: 1001, role: 'subscriber', rtm: { userId: 'alice' } },
      aliceJwt(),
    );
    expectIssued(ok);
    expect(decode(ok.body.token).services).toEqual([
      { type: 1, channelName: 'room-1', uid: '1001', privileges: [[1, 3600]] },
      { type: 2, userId: 'alice', privileges: [[1, 3600]] },
    ]);

    const missing = await post(
      app,
      '/v1/tokens/rtc',
      { channel: 'room-1', uid: 1001, role: 'subscriber', rtm: {} },
      aliceJwt(),
    );
    expectRefused(missing, 400, 'VALIDATION_FAILED');
    expect(missing.body.message).toEqual(['rtm.userId is required with a numeric uid']);

    const other = await post(
      app,
      '/v1/tokens/rtc',
      { channel: 'room-1', uid: 1001, role: 'subscriber', rtm: { userId: 'mallory' } },
      aliceJwt(),
    );
    expectRefused(other, 403, 'UID_MISMATCH');
  });

  it('should write per-privilege lifetimes, each at most the token lifetime', async () => {
    pinClock(app);
    const reply = await post(
      app,
      '/v1/tokens/rtc',
      {
        channel: 'room-1',
        uid: 1001,
        role: 'publisher',
        ttlSeconds: 900,
        privileges: { joinChannel: 600, publishAudioStream: 300 },
      },
      aliceJwt(),
    );
    expectIssued(reply);
    expect(reply.body.privilegeExpiresAt).toEqual({
      joinChannel: iso(PINNED_NOW + 600),
      publishAudioStream: iso(PINNED_NOW + 300),
      publishVideoStream: iso(PINNED_NOW + 900),
      publishDataStream: iso(PINNED_NOW + 900),
    });
    expect(decode(reply.body.token).services[0]?.privileges).toEqual([
      [1, 600],
      [2, 300],
      [3, 900],
      [4, 900],
    ]);

    const longer = await post(
      app,
      '/v1/tokens/rtc',
      {
        channel: 'room-1',
        uid: 1001,
        role: 'publisher',
        ttlSeconds: 600,
        privileges: { joinChannel: 601 },
      },
      aliceJwt(),
    );
    expectRefused(longer, 400, 'VALIDATION_FAILED');

    const subscriberPublishing = await post(
      app,
      '/v1/tokens/rtc',
      { channel: 'room-1', uid: 1001, role: 'subscriber', privileges: { publishVideoStream: 60 } },
      aliceJwt(),
    );
    expectRefused(subscriberPublishing, 400, 'VALIDATION_FAILED');
    expect(subscriberPublishing.body.message).toEqual([
      'privileges.publishVideoStream is only allowed for the publisher role',
    ]);
  });

  it('should issue a 006 token on request, byte-identical to the 006 builder', async () => {
    pinClock(app);
    const reply = await post(
      app,
      '/v1/tokens/rtc',
      { channel: 'room-1', uid: 1001, role: 'publisher', ttlSeconds: 600, version: '006' },
      aliceJwt(),
    );
    expectIssued(reply);
    expect(reply.body).toMatchObject({
      version: '006',
      uid: 1001,
      issuedAt: iso(PINNED_NOW),
      expiresAt: iso(PINNED_NOW + 600),
    });
    const token: string = reply.body.token;
    expect(token.startsWith(`006${TEST_AGORA_APP_ID}`)).toBe(true);
    const parsed = parseAccessToken006(token);
    expect(parsed.ts).toBe(PINNED_NOW + 600);
    expect(parsed.privileges).toEqual([
      [1, PINNED_NOW + 600],
      [2, PINNED_NOW + 600],
      [3, PINNED_NOW + 600],
      [4, PINNED_NOW + 600],
    ]);
    const expected = { channelName: 'room-1', uid: 1001 };
    expect(
      verifyAccessToken006(parsed, { appCertificate: TEST_AGORA_CERTIFICATE, ...expected }),
    ).toBe(true);
    expect(
      verifyAccessToken006(parsed, {
        appCertificate: TEST_AGORA_CERTIFICATE,
        channelName: 'room-1',
        uid: 1002,
      }),
    ).toBe(false);
    const reference = buildRtcToken006WithUid({
      appId: TEST_AGORA_APP_ID,
      appCertificate: TEST_AGORA_CERTIFICATE,
      channelName: 'room-1',
      uid: 1001,
      role: Role006.Publisher,
      privilegeExpiredTs: PINNED_NOW + 600,
      salt: parsed.salt,
      ts: PINNED_NOW + 600,
    });
    expect(token).toBe(reference);
  });

  it('should write 006 per-privilege times as absolute expiries', async () => {
    pinClock(app);
    const reply = await post(
      app,
      '/v1/tokens/rtc',
      {
        channel: 'room-1',
        account: 'alice',
        role: 'subscriber',
        ttlSeconds: 900,
        privileges: { joinChannel: 300 },
        version: '006',
      },
      aliceJwt([]),
    );
    expectIssued(reply);
    const parsed = parseAccessToken006(reply.body.token);
    expect(parsed.ts).toBe(PINNED_NOW + 900);
    expect(parsed.privileges).toEqual([[1, PINNED_NOW + 300]]);
    const verify = { appCertificate: TEST_AGORA_CERTIFICATE, channelName: 'room-1', uid: 'alice' };
    expect(verifyAccessToken006(parsed, verify)).toBe(true);
    const reference = buildAccessToken006({
      appId: TEST_AGORA_APP_ID,
      appCertificate: TEST_AGORA_CERTIFICATE,
      channelName: 'room-1',
      uid: 'alice',
      privileges: [[1, PINNED_NOW + 300]],
      salt: parsed.salt,
      ts: PINNED_NOW + 900,
    });
    expect(reply.body.token).toBe(reference);
  });

  it('should refuse an RTM login in a 006 token', async () => {
    const reply = await post(
      app,
      '/v1/tokens/rtc',
      { channel: 'room-1', account: 'alice', role: 'subscriber', version: '006', rtm: {} },
      aliceJwt(),
    );
    expectRefused(reply, 400, 'VALIDATION_FAILED');
  });

  describe('policy', () => {
    const rtc = (body: object, jwt = aliceJwt()) =>
      post(app, '/v1/tokens/rtc', { channel: 'room-1', role: 'subscriber', ...body }, jwt);

    it.each([
      ["another user's uid", { uid: 2002 }, aliceJwt(), 403, 'UID_MISMATCH'],
      ["another user's account", { account: 'mallory' }, aliceJwt(), 403, 'UID_MISMATCH'],
      [
        'a uid to a session bound to none',
        { uid: 1001 },
        signCallerJwt({ sub: 'bob', agora_channels: ['room-1'] }),
        403,
        'UID_NOT_BOUND',
      ],
      [
        'an ungranted channel',
        { uid: 1001, channel: 'room-2' },
        aliceJwt(),
        403,
        'CHANNEL_NOT_GRANTED',
      ],
      [
        'a channel differing from its grant only by case',
        { uid: 1001, channel: 'Room-1' },
        aliceJwt(),
        403,
        'CHANNEL_NOT_GRANTED',
      ],
      ['the wildcard uid 0', { uid: 0 }, aliceJwt(), 403, 'WILDCARD_NOT_ALLOWED'],
      ['the wildcard account *', { account: '*' }, aliceJwt(), 403, 'WILDCARD_NOT_ALLOWED'],
      [
        'the wildcard channel *',
        { uid: 1001, channel: '*' },
        aliceJwt(),
        403,
        'WILDCARD_NOT_ALLOWED',
      ],
      [
        'uid 0 as publisher, even with tokens:wildcard',
        { uid: 0, role: 'publisher' },
        aliceJwt(['tokens:wildcard', 'rtc:publish']),
        403,
        'WILDCARD_NOT_ALLOWED',
      ],
      [
        'the publisher role without rtc:publish',
        { uid: 1001, role: 'publisher' },
        aliceJwt([]),
        403,
        'ROLE_NOT_ALLOWED',
      ],
      [
        'a lifetime over the maximum',
        { uid: 1001, ttlSeconds: 3601 },
        aliceJwt(),
        400,
        'TTL_TOO_LONG',
      ],
      [
        'an RTM login over the maximum',
        { account: 'alice', ttlSeconds: 86_400, rtm: {} },
        aliceJwt(),
        400,
        'TTL_TOO_LONG',
      ],
      ['an all-digit account', { account: '1001' }, aliceJwt(), 400, 'ACCOUNT_LOOKS_NUMERIC'],
      [
        "another user's uid to a user session holding tokens:issue-any",
        { uid: 2002 },
        aliceJwt(['tokens:issue-any']),
        403,
        'UID_MISMATCH',
      ],
      ['an unknown project', { uid: 1001, project: 'nope' }, aliceJwt(), 400, 'UNKNOWN_PROJECT'],
    ])('should refuse %s and issue nothing', async (_case, body, jwt, status, code) => {
      expectRefused(await rtc(body, jwt), status, code);
    });

    it('should allow the wildcard uid 0 to a subscriber with tokens:wildcard', async () => {
      const reply = await rtc({ uid: 0 }, aliceJwt(['tokens:wildcard']));
      expectIssued(reply);
      expect(reply.body.uid).toBe(0);
      // Agora's rule: uid 0 is written as the empty user id (any user).
      expect(decode(reply.body.token).services[0]).toMatchObject({ type: 1, uid: '' });
    });

    it('should let a service session with tokens:issue-any issue for any user and channel', async () => {
      const reply = await rtc(
        { uid: 4242, channel: 'recording-7', role: 'publisher' },
        serviceJwt(),
      );
      expectIssued(reply);
      expect(decode(reply.body.token).services[0]).toMatchObject({
        channelName: 'recording-7',
        uid: '4242',
      });
    });

    it('should refuse without a caller JWT', async () => {
      const reply = await post(app, '/v1/tokens/rtc', {
        channel: 'room-1',
        uid: 1001,
        role: 'subscriber',
      });
      expectRefused(reply, 401, 'UNAUTHENTICATED');
    });
  });

  it('should audit issuances and denials in one line each, without token, certificate or JWT', async () => {
    const jwt = aliceJwt();
    const issued = await post(
      app,
      '/v1/tokens/rtc',
      { channel: 'room-1', uid: 1001, role: 'subscriber' },
      jwt,
    );
    expectIssued(issued);
    expect(decode(issued.body.token).services[0]).toMatchObject({
      channelName: 'room-1',
      uid: '1001',
    });
    await post(app, '/v1/tokens/rtc', { channel: 'room-9', uid: 1001, role: 'subscriber' }, jwt);
    const audit = logger.lines.filter((line) => line.startsWith('{"event":"token.'));
    const events = audit.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events).toContainEqual({
      event: 'token.issued',
      iss: 'https://issuer.test',
      sub: 'alice',
      kind: 'rtc',
      services: ['rtc'],
      channel: 'room-1',
      uid: 1001,
      role: 'subscriber',
      project: 'default',
      requestId: expect.any(String),
      expiresAt: issued.body.expiresAt,
    });
    expect(events).toContainEqual(
      expect.objectContaining({
        event: 'token.denied',
        channel: 'room-9',
        reason: 'CHANNEL_NOT_GRANTED',
      }),
    );
    const everything = logger.lines.join('\n');
    expect(everything).not.toContain(issued.body.token);
    expect(everything).not.toContain(TEST_AGORA_CERTIFICATE);
    expect(everything).not.toContain(jwt.split('.')[2]);
  });
});

describe('POST /v1/tokens/rtm', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(TOKENS_ENV);
  });
  afterAll(() => app.close());
  afterEach(() => jest.restoreAllMocks());

  it('should issue an RTM login for the own user id, byte-identical to the RTM builder', async () => {
    pinClock(app);
    const reply = await post(
      app,
      '/v1/tokens/rtm',
      { userId: 'alice', ttlSeconds: 1200 },
      aliceJwt([]),
    );
    expectIssued(reply);
    expect(reply.body).toMatchObject({
      userId: 'alice',
      service: 'rtm',
      expiresInSeconds: 1200,
      privilegeExpiresAt: { login: iso(PINNED_NOW + 1200) },
    });
    const parsed = decode(reply.body.token);
    expect(parsed).toMatchObject({ issuedAt: PINNED_NOW, expire: 1200 });
    expect(parsed.services).toEqual([{ type: 2, userId: 'alice', privileges: [[1, 1200]] }]);
    expect(reply.body.token).toBe(
      buildRtmToken({ ...signing(parsed), userId: 'alice', expireSeconds: 1200 }),
    );
  });

  it('should issue an RTM2 token with permissions to a session holding rtm:permissions', async () => {
    const permissions = [
      { resource: 'messageChannels', permission: 'write', names: ['lobby', 'team-1'] },
      { resource: 'users', permission: 'read', names: ['bob'] },
    ];
    const reply = await post(
      app,
      '/v1/tokens/rtm',
      { userId: 'alice', permissions },
      aliceJwt(['rtm:permissions']),
    );
    expectIssued(reply);
    expect(reply.body).toMatchObject({ service: 'rtm2', permissions });
    const parsed = decode(reply.body.token);
    expect(parsed.services).toEqual([
      {
        type: 8,
        userId: 'alice',
        privileges: [[1, 3600]],
        permissions: [
          { resourceType: 0, permissionType: 1, resources: ['lobby', 'team-1'] },
          { resourceType: 4, permissionType: 0, resources: ['bob'] },
        ],
      },
    ]);
    const reference = buildRtmTokenWithPermissions({
      ...signing(parsed),
      userId: 'alice',
      expireSeconds: 3600,
      permissions: [
        { resourceType: 0, permissionType: 1, resources: ['lobby', 'team-1'] },
        { resourceType: 4, permissionType: 0, resources: ['bob'] },
      ],
    });
    expect(reply.body.token).toBe(reference);
  });

  it.each([
    [
      'permissions without rtm:permissions',
      { userId: 'alice', permissions: [] },
      403,
      'SCOPE_REQUIRED',
    ],
    ["another user's id", { userId: 'mallory' }, 403, 'UID_MISMATCH'],
    ['an all-digit user id', { userId: '1001' }, 400, 'ACCOUNT_LOOKS_NUMERIC'],
    ['a lifetime over the maximum', { userId: 'alice', ttlSeconds: 7200 }, 400, 'TTL_TOO_LONG'],
  ])('should refuse %s', async (_case, body, status, code) => {
    expectRefused(await post(app, '/v1/tokens/rtm', body, aliceJwt()), status, code);
  });
});

describe('POST /v1/tokens/chat', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(TOKENS_ENV);
  });
  afterAll(() => app.close());
  afterEach(() => jest.restoreAllMocks());

  it('should issue a Chat user token for the own user id', async () => {
    pinClock(app);
    const reply = await post(
      app,
      '/v1/tokens/chat',
      { kind: 'user', userId: 'alice', ttlSeconds: 600 },
      aliceJwt([]),
    );
    expectIssued(reply);
    expect(reply.body).toMatchObject({
      kind: 'user',
      userId: 'alice',
      privilegeExpiresAt: { user: iso(PINNED_NOW + 600) },
    });
    const parsed = decode(reply.body.token);
    expect(parsed.services).toEqual([{ type: 5, userId: 'alice', privileges: [[1, 600]] }]);
    expect(reply.body.token).toBe(
      buildChatUserToken({ ...signing(parsed), userId: 'alice', expireSeconds: 600 }),
    );
  });

  it('should issue the Chat app token to a session holding chat:app', async () => {
    const reply = await post(app, '/v1/tokens/chat', { kind: 'app' }, aliceJwt(['chat:app']));
    expectIssued(reply);
    expect(reply.body.userId).toBeUndefined();
    expect(Object.keys(reply.body.privilegeExpiresAt)).toEqual(['app']);
    const parsed = decode(reply.body.token);
    expect(parsed.services).toEqual([{ type: 5, userId: '', privileges: [[2, 3600]] }]);
    expect(reply.body.token).toBe(buildChatAppToken({ ...signing(parsed), expireSeconds: 3600 }));
  });

  it('should refuse the app token without chat:app', async () => {
    const reply = await post(app, '/v1/tokens/chat', { kind: 'app' }, aliceJwt(['admin']));
    expectRefused(reply, 403, 'SCOPE_REQUIRED');
  });

  it("should refuse another user's Chat token", async () => {
    const reply = await post(app, '/v1/tokens/chat', { kind: 'user', userId: 'bob' }, aliceJwt());
    expectRefused(reply, 403, 'UID_MISMATCH');
  });
});

describe('POST /v1/tokens (multi-service)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(TOKENS_ENV);
  });
  afterAll(() => app.close());
  afterEach(() => jest.restoreAllMocks());

  it("should pack RTC, RTM and Chat for the caller's own identity into one token", async () => {
    pinClock(app);
    const reply = await post(
      app,
      '/v1/tokens',
      {
        services: {
          chat: { kind: 'user', userId: 'alice' },
          rtm: { userId: 'alice' },
          rtc: { channel: 'room-1', account: 'alice', role: 'subscriber' },
        },
        ttlSeconds: 1800,
      },
      aliceJwt([]),
    );
    expectIssued(reply);
    const end = iso(PINNED_NOW + 1800);
    expect(reply.body).toMatchObject({ version: '007', expiresInSeconds: 1800, expiresAt: end });
    expect(reply.body.services).toEqual([
      { service: 'rtc', privilegeExpiresAt: { joinChannel: end } },
      { service: 'rtm', privilegeExpiresAt: { login: end } },
      { service: 'chat', privilegeExpiresAt: { user: end } },
    ]);
    const parsed = decode(reply.body.token);
    expect(parsed).toMatchObject({ issuedAt: PINNED_NOW, expire: 1800 });
    expect(parsed.services).toEqual([
      { type: 1, channelName: 'room-1', uid: 'alice', privileges: [[1, 1800]] },
      { type: 2, userId: 'alice', privileges: [[1, 1800]] },
      { type: 5, userId: 'alice', privileges: [[1, 1800]] },
    ]);
  });

  it('should pack every service for a backend service with the scopes they need', async () => {
    const jwt = serviceJwt(['tokens:issue-any', 'tokens:wildcard', 'rtm:permissions', 'chat:app']);
    const reply = await post(
      app,
      '/v1/tokens',
      {
        services: {
          rtc: { channel: 'studio', uid: 7, role: 'publisher', privileges: { joinChannel: 300 } },
          rtm: { userId: 'agent-7' },
          rtm2: {
            userId: 'agent-7',
            permissions: [{ resource: 'streamChannels', permission: 'read', names: ['studio'] }],
          },
          chat: { kind: 'app' },
          fpa: {},
          apaas: { roomUuid: 'class-1', userUuid: 'teacher-1', role: 1 },
          streaming: { channel: 'studio', account: 'mixer', privileges: { publishMixStream: 600 } },
          fcdn: { channel: 'studio', uid: 7, role: 'publisher' },
          convoai: {},
          stt: {},
        },
        ttlSeconds: 600,
      },
      jwt,
    );
    expectIssued(reply);
    expect(reply.body.services.map((s: { service: string }) => s.service)).toEqual([
      'rtc',
      'rtm',
      'streaming',
      'fpa',
      'chat',
      'fcdn',
      'apaas',
      'rtm2',
      'convoai',
      'stt',
    ]);
    const parsed = decode(reply.body.token);
    expect(parsed.services).toEqual([
      {
        type: 1,
        channelName: 'studio',
        uid: '7',
        privileges: [
          [1, 300],
          [2, 600],
          [3, 600],
          [4, 600],
        ],
      },
      { type: 2, userId: 'agent-7', privileges: [[1, 600]] },
      { type: 3, channelName: 'studio', account: 'mixer', privileges: [[1, 600]] },
      { type: 4, privileges: [[1, 600]] },
      { type: 5, userId: '', privileges: [[2, 600]] },
      {
        type: 6,
        channelName: 'studio',
        account: '7',
        privileges: [
          [1, 600],
          [2, 600],
        ],
      },
      { type: 7, roomUuid: 'class-1', userUuid: 'teacher-1', role: 1, privileges: [[1, 600]] },
      {
        type: 8,
        userId: 'agent-7',
        privileges: [[1, 600]],
        permissions: [{ resourceType: 1, permissionType: 0, resources: ['studio'] }],
      },
      { type: 9, privileges: [] },
      { type: 10, privileges: [] },
    ]);
  });

  it.each([
    ['no service', { services: {} }, aliceJwt(), 400, 'VALIDATION_FAILED'],
    [
      'FPA without tokens:wildcard',
      { services: { fpa: {} } },
      aliceJwt(),
      403,
      'WILDCARD_NOT_ALLOWED',
    ],
    [
      'ConvoAI without RTC and RTM beside it',
      { services: { convoai: {} } },
      serviceJwt(),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'ConvoAI to a user session',
      {
        services: {
          rtc: { channel: 'room-1', uid: 1001, role: 'subscriber' },
          rtm: { userId: 'alice' },
          convoai: {},
        },
      },
      aliceJwt(),
      403,
      'SCOPE_REQUIRED',
    ],
    [
      "another user's RTM id beside the own RTC",
      {
        services: {
          rtc: { channel: 'room-1', uid: 1001, role: 'subscriber' },
          rtm: { userId: 'mallory' },
        },
      },
      aliceJwt(),
      403,
      'UID_MISMATCH',
    ],
    [
      'streaming without rtc:publish',
      { services: { streaming: { channel: 'room-1', account: 'alice' } } },
      aliceJwt([]),
      403,
      'ROLE_NOT_ALLOWED',
    ],
    [
      'an APaaS room role without a room',
      { services: { apaas: { userUuid: 'alice', role: 2 } } },
      aliceJwt(),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an ungranted APaaS room',
      { services: { apaas: { roomUuid: 'room-9', userUuid: 'alice' } } },
      aliceJwt(),
      403,
      'CHANNEL_NOT_GRANTED',
    ],
    [
      'a lifetime over the maximum',
      { services: { rtm: { userId: 'alice' } }, ttlSeconds: 3601 },
      aliceJwt(),
      400,
      'TTL_TOO_LONG',
    ],
  ])('should refuse %s', async (_case, body, jwt, status, code) => {
    expectRefused(await post(app, '/v1/tokens', body, jwt), status, code);
  });
});

describe('projects', () => {
  const SECOND_APP_ID = 'fedcba9876543210fedcba9876543210';
  const SECOND_CERTIFICATE = '0123456789abcdef0123456789abcdef';
  let dir: string;
  let app: TestApp;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'projects-'));
    const file = join(dir, 'projects.json');
    writeFileSync(
      file,
      JSON.stringify({
        projects: [
          {
            name: 'main',
            appId: TEST_AGORA_APP_ID,
            certificates: { primary: TEST_AGORA_CERTIFICATE },
            default: true,
          },
          { name: 'second', appId: SECOND_APP_ID, certificates: { primary: SECOND_CERTIFICATE } },
        ],
      }),
    );
    app = await startTestApp({
      ...TOKENS_ENV,
      AGORA_APP_ID: undefined,
      AGORA_APP_CERTIFICATE: undefined,
      AGORA_APP_CERTIFICATE_SECONDARY: undefined,
      AGORA_PROJECTS_FILE: file,
    });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should sign for the named project with its own certificate', async () => {
    const body = { channel: 'room-1', uid: 1001, role: 'subscriber' };
    const main = await post(app, '/v1/tokens/rtc', body, aliceJwt());
    expectIssued(main);
    expect(main.body).toMatchObject({ project: 'main', appId: TEST_AGORA_APP_ID });
    expect(decode(main.body.token).services).toEqual([
      { type: 1, channelName: 'room-1', uid: '1001', privileges: [[1, 3600]] },
    ]);

    const second = await post(app, '/v1/tokens/rtc', { ...body, project: 'second' }, aliceJwt());
    expectIssued(second);
    expect(second.body).toMatchObject({ project: 'second', appId: SECOND_APP_ID });
    expect(second.text).not.toContain(SECOND_CERTIFICATE);
    const parsed = parseAccessToken2(second.body.token);
    expect(parsed.appId).toBe(SECOND_APP_ID);
    expect(verifyAccessToken2(parsed, SECOND_CERTIFICATE)).toBe(true);
    expect(verifyAccessToken2(parsed, TEST_AGORA_CERTIFICATE)).toBe(false);
  });
});

describe('token API with asymmetric caller keys (JWKS)', () => {
  const rsa = generateSigningKey('RS256', 'rsa-tokens');
  const ec = generateSigningKey('ES256', 'ec-tokens');
  let jwks: JwksServer;
  let app: TestApp;

  beforeAll(async () => {
    jwks = await startJwksServer([rsa.jwk, ec.jwk]);
    app = await startTestApp({ ...TOKENS_ENV, ...keyEnv({ AUTH_JWKS_URL: jwks.url }) });
  });
  afterAll(async () => {
    await app.close();
    await jwks.stop();
  });

  it.each([
    ['RS256', rsa],
    ['ES256', ec],
  ])('should issue to a %s caller within its binding and refuse outside it', async (_alg, key) => {
    const claims = {
      sub: 'alice',
      agora_uid: 1001,
      agora_channels: ['room-1'],
      scope: 'rtc:publish',
    };
    const jwt = signWith(key, claims);
    const ok = await post(
      app,
      '/v1/tokens/rtc',
      { channel: 'room-1', uid: 1001, role: 'publisher' },
      jwt,
    );
    expectIssued(ok);
    expect(decode(ok.body.token).services[0]).toMatchObject({ channelName: 'room-1', uid: '1001' });

    const denied = await post(
      app,
      '/v1/tokens/rtc',
      { channel: 'room-1', uid: 2002, role: 'publisher' },
      jwt,
    );
    expectRefused(denied, 403, 'UID_MISMATCH');
  });
});

describe('token lifetime bound by the caller JWT (TOKEN_EXPIRY_BOUND_BY_JWT)', () => {
  let bounded: TestApp;
  let unbounded: TestApp;
  /** Alice's JWT, valid two more minutes: shorter than any lifetime asked for below. */
  const shortJwt = () => {
    const exp = nowSeconds() + 120;
    const jwt = signCallerJwt({
      sub: 'alice',
      agora_uid: 1001,
      agora_account: 'alice',
      agora_channels: ['room-1'],
      scope: 'rtc:publish',
      exp,
    });
    return { jwt, exp };
  };

  beforeAll(async () => {
    [bounded, unbounded] = await Promise.all([
      startTestApp(TOKENS_ENV),
      startTestApp({ ...TOKENS_ENV, TOKEN_EXPIRY_BOUND_BY_JWT: 'false' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([bounded.close(), unbounded.close()]);
  });

  it('should end the token and every privilege with the JWT by default, and say so', async () => {
    const { jwt, exp } = shortJwt();
    const reply = await post(
      bounded,
      '/v1/tokens/rtc',
      {
        channel: 'room-1',
        uid: 1001,
        role: 'publisher',
        ttlSeconds: 600,
        rtm: { userId: 'alice' },
      },
      jwt,
    );
    expectIssued(reply);
    const parsed = decode(reply.body.token);
    expect(parsed.issuedAt + parsed.expire).toBe(exp);
    expect(reply.body).toMatchObject({
      expiresAtUnix: exp,
      expiresAt: iso(exp),
      expiresInSeconds: exp - parsed.issuedAt,
      rtm: { userId: 'alice', expiresAt: iso(exp) },
    });
    expect(new Set(Object.values(reply.body.privilegeExpiresAt))).toEqual(new Set([iso(exp)]));
    for (const service of parsed.services) {
      for (const [, seconds] of service.privileges) {
        expect(parsed.issuedAt + seconds).toBe(exp);
      }
    }
  });

  it('should bound a 006 token and a multi-service token the same way', async () => {
    const { jwt, exp } = shortJwt();
    const legacy = await post(
      bounded,
      '/v1/tokens/rtc',
      { channel: 'room-1', uid: 1001, role: 'subscriber', version: '006' },
      jwt,
    );
    expectIssued(legacy);
    expect(parseAccessToken006(legacy.body.token).ts).toBe(exp);
    expect(legacy.body.privilegeExpiresAt).toEqual({ joinChannel: iso(exp) });
    const multi = await post(
      bounded,
      '/v1/tokens',
      { services: { rtm: { userId: 'alice' }, chat: { kind: 'user', userId: 'alice' } } },
      jwt,
    );
    expectIssued(multi);
    expect(multi.body).toMatchObject({
      expiresAtUnix: exp,
      services: [
        { service: 'rtm', privilegeExpiresAt: { login: iso(exp) } },
        { service: 'chat', privilegeExpiresAt: { user: iso(exp) } },
      ],
    });
  });

  it('should still refuse a lifetime over the maximum rather than cut it', async () => {
    const { jwt } = shortJwt();
    const reply = await post(
      bounded,
      '/v1/tokens/rtc',
      { channel: 'room-1', uid: 1001, role: 'subscriber', ttlSeconds: 3601 },
      jwt,
    );
    expectRefused(reply, 400, 'TTL_TOO_LONG');
  });

  it('should issue the full lifetime when the bound is off', async () => {
    const { jwt, exp } = shortJwt();
    const reply = await post(
      unbounded,
      '/v1/tokens/rtc',
      { channel: 'room-1', uid: 1001, role: 'subscriber', ttlSeconds: 600 },
      jwt,
    );
    expectIssued(reply);
    expect(reply.body.expiresInSeconds).toBe(600);
    expect(decode(reply.body.token).expire).toBe(600);
    expect(reply.body.expiresAtUnix).toBeGreaterThan(exp);
  });
});
