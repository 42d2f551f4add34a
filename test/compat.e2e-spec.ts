import { buildRtcTokenWithUid, RtcRole } from '../src/agora-token';
import { startTestApp, type TestApp } from './support/app';
import { signCallerJwt } from './support/jwt';
import { TEST_AGORA_APP_ID, TEST_AGORA_CERTIFICATE } from './support/test-env';
import {
  aliceJwt,
  expectIssued,
  expectRefused,
  pinClock,
  PINNED_NOW,
  post,
  TOKENS_ENV,
  decode,
} from './support/tokens';

describe('compatibility: POST /fetch_rtc_token (Agora tutorial server)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(TOKENS_ENV);
  });
  afterAll(() => app.close());
  afterEach(() => jest.restoreAllMocks());

  it('should answer 200 { token, code: "200" } for the tutorial body', async () => {
    pinClock(app);
    const reply = await post(
      app,
      '/fetch_rtc_token',
      { uid: 1001, ChannelName: 'room-1', role: 1 },
      aliceJwt(),
    );
    expectIssued(reply, 200);
    expect(reply.body).toEqual({ token: expect.any(String), code: '200' });
    const parsed = decode(reply.body.token);
    expect(parsed).toMatchObject({ issuedAt: PINNED_NOW, expire: 3600 });
    const reference = buildRtcTokenWithUid({
      appId: TEST_AGORA_APP_ID,
      appCertificate: TEST_AGORA_CERTIFICATE,
      channelName: 'room-1',
      uid: 1001,
      role: RtcRole.Publisher,
      tokenExpireSeconds: 3600,
      privilegeExpireSeconds: 3600,
      issuedAt: PINNED_NOW,
      salt: parsed.salt,
    });
    expect(reply.body.token).toBe(reference);
  });

  it('should accept channelName as the tutorial web client spells it, and role 2', async () => {
    const reply = await post(
      app,
      '/fetch_rtc_token',
      { uid: 1001, channelName: 'room-1', role: 2 },
      aliceJwt([]),
    );
    expectIssued(reply, 200);
    expect(decode(reply.body.token).services).toEqual([
      { type: 1, channelName: 'room-1', uid: '1001', privileges: [[1, 3600]] },
    ]);
  });

  it.each([
    [
      'an ungranted channel',
      { uid: 1001, ChannelName: 'room-2', role: 2 },
      aliceJwt(),
      403,
      'CHANNEL_NOT_GRANTED',
    ],
    [
      "another user's uid",
      { uid: 2002, ChannelName: 'room-1', role: 2 },
      aliceJwt(),
      403,
      'UID_MISMATCH',
    ],
    ['uid 0', { uid: 0, ChannelName: 'room-1', role: 2 }, aliceJwt(), 403, 'WILDCARD_NOT_ALLOWED'],
    [
      'role 1 without rtc:publish',
      { uid: 1001, ChannelName: 'room-1', role: 1 },
      aliceJwt([]),
      403,
      'ROLE_NOT_ALLOWED',
    ],
    [
      'uid as a string',
      { uid: '1001', ChannelName: 'room-1', role: 1 },
      aliceJwt(),
      400,
      'VALIDATION_FAILED',
    ],
    ['role 3', { uid: 1001, ChannelName: 'room-1', role: 3 }, aliceJwt(), 400, 'VALIDATION_FAILED'],
    [
      'role as text',
      { uid: 1001, ChannelName: 'room-1', role: 'publisher' },
      aliceJwt(),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'both channel spellings',
      { uid: 1001, ChannelName: 'room-1', channelName: 'room-1', role: 1 },
      aliceJwt(),
      400,
      'VALIDATION_FAILED',
    ],
    ['no channel', { uid: 1001, role: 1 }, aliceJwt(), 400, 'VALIDATION_FAILED'],
    [
      'an unknown field',
      { uid: 1001, ChannelName: 'room-1', role: 1, expire: 60 },
      aliceJwt(),
      400,
      'VALIDATION_FAILED',
    ],
  ])('should refuse %s', async (_case, body, jwt, status, code) => {
    expectRefused(await post(app, '/fetch_rtc_token', body, jwt), status, code);
  });

  it('should need a caller JWT like every other route', async () => {
    const reply = await post(app, '/fetch_rtc_token', {
      uid: 1001,
      ChannelName: 'room-1',
      role: 1,
    });
    expectRefused(reply, 401, 'UNAUTHENTICATED');
  });
});

describe('compatibility: POST /getToken (community token server)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(TOKENS_ENV);
  });
  afterAll(() => app.close());
  afterEach(() => jest.restoreAllMocks());

  const getToken = (body: object, jwt = aliceJwt()) => post(app, '/getToken', body, jwt);

  it('should answer 200 { token } with a uid token for canonical decimal text', async () => {
    pinClock(app);
    const reply = await getToken({
      tokenType: 'rtc',
      channel: 'room-1',
      role: 'publisher',
      uid: '1001',
      expire: 600,
    });
    expectIssued(reply, 200);
    expect(reply.body).toEqual({ token: expect.any(String) });
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
  });

  it('should make any other text an account, and default to subscriber and the default lifetime', async () => {
    const reply = await getToken({ tokenType: 'rtc', channel: 'room-1', uid: 'alice', expire: 0 });
    expectIssued(reply, 200);
    const parsed = decode(reply.body.token);
    expect(parsed.expire).toBe(3600);
    expect(parsed.services).toEqual([
      { type: 1, channelName: 'room-1', uid: 'alice', privileges: [[1, 3600]] },
    ]);
  });

  it('should issue an RTM login for the uid text', async () => {
    const reply = await getToken({ tokenType: 'rtm', uid: 'alice' });
    expectIssued(reply, 200);
    expect(decode(reply.body.token).services).toEqual([
      { type: 2, userId: 'alice', privileges: [[1, 3600]] },
    ]);
  });

  it('should add RTC join and publishDataStream for an RTM stream channel, as that server does', async () => {
    const reply = await getToken({
      tokenType: 'rtm',
      uid: 'alice',
      channel: 'room-1',
      expire: 900,
    });
    expectIssued(reply, 200);
    expect(decode(reply.body.token).services).toEqual([
      {
        type: 1,
        channelName: 'room-1',
        uid: 'alice',
        privileges: [
          [1, 900],
          [4, 900],
        ],
      },
      { type: 2, userId: 'alice', privileges: [[1, 900]] },
    ]);
    // publishDataStream publishes: it needs rtc:publish.
    const denied = await getToken(
      { tokenType: 'rtm', uid: 'alice', channel: 'room-1' },
      aliceJwt([]),
    );
    expectRefused(denied, 403, 'ROLE_NOT_ALLOWED');
  });

  it('should issue a Chat user token for a uid, and the app token without one (with chat:app)', async () => {
    const user = await getToken({ tokenType: 'chat', uid: 'alice' });
    expectIssued(user, 200);
    expect(decode(user.body.token).services).toEqual([
      { type: 5, userId: 'alice', privileges: [[1, 3600]] },
    ]);
    for (const body of [{ tokenType: 'chat' }, { tokenType: 'chat', uid: '' }]) {
      expectRefused(await getToken(body), 403, 'SCOPE_REQUIRED');
      const app = await getToken(body, aliceJwt(['chat:app']));
      expectIssued(app, 200);
      expect(decode(app.body.token).services).toEqual([
        { type: 5, userId: '', privileges: [[2, 3600]] },
      ]);
    }
  });

  it.each([
    [
      'uid "007" (not canonical: an all-digit account)',
      { tokenType: 'rtc', channel: 'room-1', uid: '007' },
      400,
      'ACCOUNT_LOOKS_NUMERIC',
    ],
    [
      'uid "4294967296" (above 2^32-1: an all-digit account)',
      { tokenType: 'rtc', channel: 'room-1', uid: '4294967296' },
      400,
      'ACCOUNT_LOOKS_NUMERIC',
    ],
    ['uid "+1001"', { tokenType: 'rtc', channel: 'room-1', uid: '+1001' }, 403, 'UID_MISMATCH'],
    [
      'uid "0" (the wildcard)',
      { tokenType: 'rtc', channel: 'room-1', uid: '0' },
      403,
      'WILDCARD_NOT_ALLOWED',
    ],
    [
      "another user's uid",
      { tokenType: 'rtc', channel: 'room-1', uid: '2002' },
      403,
      'UID_MISMATCH',
    ],
    [
      'an ungranted channel',
      { tokenType: 'rtc', channel: 'room-2', uid: '1001' },
      403,
      'CHANNEL_NOT_GRANTED',
    ],
    [
      'a lifetime over the maximum',
      { tokenType: 'rtc', channel: 'room-1', uid: '1001', expire: 7200 },
      400,
      'TTL_TOO_LONG',
    ],
    ["another user's RTM id", { tokenType: 'rtm', uid: 'mallory' }, 403, 'UID_MISMATCH'],
    [
      'uid as a number',
      { tokenType: 'rtc', channel: 'room-1', uid: 1001 },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an empty uid for rtc',
      { tokenType: 'rtc', channel: 'room-1', uid: '' },
      400,
      'VALIDATION_FAILED',
    ],
    ['no uid for rtm', { tokenType: 'rtm' }, 400, 'VALIDATION_FAILED'],
    ['no channel for rtc', { tokenType: 'rtc', uid: '1001' }, 400, 'VALIDATION_FAILED'],
    [
      'an unknown token type',
      { tokenType: 'video', channel: 'room-1', uid: '1001' },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an unknown role',
      { tokenType: 'rtc', channel: 'room-1', uid: '1001', role: 'audience' },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'expire as text',
      { tokenType: 'rtc', channel: 'room-1', uid: '1001', expire: '600' },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a negative expire',
      { tokenType: 'rtc', channel: 'room-1', uid: '1001', expire: -1 },
      400,
      'VALIDATION_FAILED',
    ],
  ])('should refuse %s', async (_case, body, status, code) => {
    expectRefused(await getToken(body), status, code);
  });

  it('should need a caller JWT like every other route', async () => {
    const reply = await post(app, '/getToken', { tokenType: 'rtm', uid: 'alice' });
    expectRefused(reply, 401, 'UNAUTHENTICATED');
  });

  it('should let a service session with tokens:issue-any issue for anyone', async () => {
    const jwt = signCallerJwt({ sub: 'bot', agora_kind: 'service', scope: 'tokens:issue-any' });
    const reply = await getToken({ tokenType: 'rtc', channel: 'any-room', uid: '77' }, jwt);
    expectIssued(reply, 200);
    expect(decode(reply.body.token).services[0]).toMatchObject({
      channelName: 'any-room',
      uid: '77',
    });
  });
});
