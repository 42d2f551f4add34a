import {
  buildAccessToken2,
  buildDynamicKey5MediaChannelKey,
  buildFpaToken,
  parseAccessToken006,
  parseAccessToken2,
  verifyAccessToken2,
} from '../src/agora-token';
import { startTestApp, type TestApp } from './support/app';
import {
  TEST_AGORA_APP_ID,
  TEST_AGORA_CERTIFICATE,
  TEST_AGORA_CERTIFICATE_SECONDARY,
} from './support/test-env';
import {
  aliceJwt,
  expectNoCertificate,
  expectRefused,
  iso,
  pinClock,
  PINNED_NOW,
  post,
  type Reply,
  TOKENS_ENV,
} from './support/tokens';

const INSPECTOR = aliceJwt(['rtc:publish', 'tokens:inspect']);

/** A successful inspection: 200, no caching, never a certificate. */
function expectInspected(reply: Reply): void {
  expect({ status: reply.status, code: reply.body?.code }).toEqual({ status: 200 });
  expect(reply.headers.get('cache-control')).toBe('no-store');
  expectNoCertificate(reply);
}

describe('POST /v1/tokens/inspect', () => {
  let app: TestApp;
  /** The same project after `AGORA_ACTIVE_CERTIFICATE=secondary`: the rotation's second step. */
  let rotated: TestApp;

  beforeAll(async () => {
    app = await startTestApp(TOKENS_ENV);
    rotated = await startTestApp({ ...TOKENS_ENV, AGORA_ACTIVE_CERTIFICATE: 'secondary' });
  });
  afterAll(async () => {
    await app.close();
    await rotated.close();
  });
  afterEach(() => jest.restoreAllMocks());

  const inspect = (target: TestApp, body: object, jwt = INSPECTOR) =>
    post(target, '/v1/tokens/inspect', body, jwt);

  async function issueRtc(target: TestApp, body: object = {}): Promise<string> {
    const reply = await post(
      target,
      '/v1/tokens/rtc',
      { channel: 'room-1', uid: 1001, role: 'publisher', ttlSeconds: 600, ...body },
      INSPECTOR,
    );
    expect(reply.status).toBe(201);
    const token = reply.body.token as string;
    // Decoded here too, so every token this suite inspects is known to be what was asked for.
    if (token.startsWith('007')) {
      expect(parseAccessToken2(token).services[0]).toMatchObject({
        type: 1,
        channelName: 'room-1',
      });
    } else {
      expect(parseAccessToken006(token).ts).toBe(reply.body.expiresAtUnix);
    }
    return token;
  }

  it('should refuse a caller without tokens:inspect', async () => {
    const token = await issueRtc(app);
    const reply = await inspect(app, { token }, aliceJwt(['rtc:publish']));
    expectRefused(reply, 403, 'SCOPE_REQUIRED');
    expect(reply.text).not.toContain('room-1');
  });

  it('should show a 007 token with absolute expiries and each certificate verdict', async () => {
    pinClock(app);
    const token = await issueRtc(app);
    const salt = parseAccessToken2(token).salt;
    const reply = await inspect(app, { token });
    expectInspected(reply);
    const end = iso(PINNED_NOW + 600);
    expect(reply.body).toEqual({
      version: '007',
      appId: TEST_AGORA_APP_ID,
      issuedAt: PINNED_NOW,
      expire: 600,
      salt,
      services: [
        {
          service: 'rtc',
          channel: 'room-1',
          uid: 1001,
          privileges: {
            joinChannel: 600,
            publishAudioStream: 600,
            publishVideoStream: 600,
            publishDataStream: 600,
          },
          privilegeExpiresAt: {
            joinChannel: end,
            publishAudioStream: end,
            publishVideoStream: end,
            publishDataStream: end,
          },
        },
      ],
      expiresAt: end,
      expired: false,
      signatures: [
        { project: 'default', certificate: 'primary', valid: true },
        { project: 'default', certificate: 'secondary', valid: false },
      ],
      verdict: {
        accepted: true,
        checks: [
          { check: 'appId', result: 'unchecked', detail: expect.any(String) },
          { check: 'channel', result: 'unchecked', detail: expect.any(String) },
          { check: 'user', result: 'unchecked', detail: expect.any(String) },
          { check: 'signature', result: 'pass', detail: expect.any(String) },
          { check: 'expiry', result: 'pass', detail: expect.any(String) },
        ],
      },
    });
  });

  const verdictOf = (reply: Reply) =>
    (
      reply.body.verdict as { accepted: boolean; checks: Array<Record<string, unknown>> }
    ).checks.map(({ check, result, agoraError }) => [check, result, agoraError ?? null]);

  it('should name each part that would make Agora refuse a 007 token (errors 109/110)', async () => {
    pinClock(app);
    const token = await issueRtc(app);
    const wrong = await inspect(app, {
      token,
      appId: 'f'.repeat(32),
      channel: 'room-2',
      uid: 43,
    });
    expectInspected(wrong);
    expect(wrong.body.verdict.accepted).toBe(false);
    expect(verdictOf(wrong)).toEqual([
      ['appId', 'fail', 110],
      ['channel', 'fail', 110],
      ['user', 'fail', 110],
      ['signature', 'pass', null],
      ['expiry', 'pass', null],
    ]);

    const right = await inspect(app, {
      token,
      appId: TEST_AGORA_APP_ID,
      channel: 'room-1',
      uid: 1001,
    });
    expect(right.body.verdict.accepted).toBe(true);
    expect(verdictOf(right).map(([, result]) => result)).toEqual([
      'pass',
      'pass',
      'pass',
      'pass',
      'pass',
    ]);

    jest.restoreAllMocks();
    pinClock(app, PINNED_NOW + 601);
    const late = await inspect(app, { token, channel: 'room-1', uid: 1001 });
    expect(late.body.verdict.accepted).toBe(false);
    expect(verdictOf(late)[4]).toEqual(['expiry', 'fail', 109]);
  });

  it('should say a token has expired by the server clock', async () => {
    pinClock(app);
    const token = await issueRtc(app);
    jest.restoreAllMocks();
    pinClock(app, PINNED_NOW + 600);
    const reply = await inspect(app, { token });
    expectInspected(reply);
    expect(reply.body).toMatchObject({ expiresAt: iso(PINNED_NOW + 600), expired: true });
  });

  it('should keep verifying a token signed before the active certificate switched (rotation)', async () => {
    const before = await issueRtc(app);
    const after = await issueRtc(rotated);
    expect(verifyAccessToken2(parseAccessToken2(after), TEST_AGORA_CERTIFICATE_SECONDARY)).toBe(
      true,
    );

    const old = await inspect(rotated, { token: before });
    expectInspected(old);
    expect(old.body.signatures).toEqual([
      { project: 'default', certificate: 'primary', valid: true },
      { project: 'default', certificate: 'secondary', valid: false },
    ]);
    const fresh = await inspect(rotated, { token: after });
    expectInspected(fresh);
    expect(fresh.body.signatures).toEqual([
      { project: 'default', certificate: 'primary', valid: false },
      { project: 'default', certificate: 'secondary', valid: true },
    ]);
    // The old deployment verifies the new tokens too, so replicas can switch one by one.
    const mixed = await inspect(app, { token: after });
    expect(mixed.body.signatures[1]).toEqual({
      project: 'default',
      certificate: 'secondary',
      valid: true,
    });
  });

  it('should show a 006 token, verifying it once told the channel and uid', async () => {
    pinClock(app);
    const token = await issueRtc(app, { version: '006', privileges: { joinChannel: 300 } });
    const unchecked = await inspect(app, { token });
    expectInspected(unchecked);
    expect(unchecked.body).toMatchObject({
      version: '006',
      appId: TEST_AGORA_APP_ID,
      ts: PINNED_NOW + 600,
      privileges: {
        joinChannel: PINNED_NOW + 300,
        publishAudioStream: PINNED_NOW + 600,
        publishVideoStream: PINNED_NOW + 600,
        publishDataStream: PINNED_NOW + 600,
      },
      privilegeExpiresAt: {
        joinChannel: iso(PINNED_NOW + 300),
        publishAudioStream: iso(PINNED_NOW + 600),
      },
      expiresAt: iso(PINNED_NOW + 600),
      expired: false,
      signatures: [],
      note: 'signature not checked: needs channelName and uid to verify',
    });

    const checked = await inspect(app, { token, channel: 'room-1', uid: 1001 });
    expectInspected(checked);
    expect(checked.body.signatures).toEqual([
      { project: 'default', certificate: 'primary', valid: true },
      { project: 'default', certificate: 'secondary', valid: false },
    ]);
    expect(checked.body.note).toBeUndefined();

    const wrongUser = await inspect(app, { token, channel: 'room-1', uid: 1002 });
    expect(wrongUser.body.signatures.map((s: { valid: boolean }) => s.valid)).toEqual([
      false,
      false,
    ]);
  });

  it('should verify an account 006 token with the account', async () => {
    const token = await issueRtc(app, { uid: undefined, account: 'alice', version: '006' });
    const reply = await inspect(app, { token, channel: 'room-1', account: 'alice' });
    expectInspected(reply);
    expect(reply.body.signatures[0]).toEqual({
      project: 'default',
      certificate: 'primary',
      valid: true,
    });
  });

  it('should read a legacy DynamicKey5', async () => {
    const key = buildDynamicKey5MediaChannelKey({
      appId: TEST_AGORA_APP_ID,
      appCertificate: TEST_AGORA_CERTIFICATE,
      channelName: 'room-1',
      uid: 1001,
      unixTs: PINNED_NOW,
      randomInt: 7,
      expiredTs: PINNED_NOW + 600,
    });
    pinClock(app, PINNED_NOW + 601);
    const reply = await inspect(app, { token: key, channel: 'room-1', uid: 1001 });
    expectInspected(reply);
    expect(reply.body).toMatchObject({
      version: '005',
      service: 'mediaChannel',
      expiredTs: PINNED_NOW + 600,
      expiresAt: iso(PINNED_NOW + 600),
      expired: true,
      signatures: [
        { certificate: 'primary', valid: true },
        { certificate: 'secondary', valid: false },
      ],
    });
  });

  it('should treat a 007 privilege of 0 seconds as lasting as long as the token', async () => {
    const token = buildFpaToken({
      appId: TEST_AGORA_APP_ID,
      appCertificate: TEST_AGORA_CERTIFICATE,
      issuedAt: PINNED_NOW,
    });
    const reply = await inspect(app, { token });
    expectInspected(reply);
    expect(reply.body.services).toEqual([
      {
        service: 'fpa',
        privileges: { login: 0 },
        privilegeExpiresAt: { login: iso(PINNED_NOW + 86_400) },
      },
    ]);
    expect(reply.body.expired).toBe(true);
  });

  it('should report no verdict for an App ID no project has', async () => {
    const token = buildAccessToken2({
      appId: 'ffffffffffffffffffffffffffffffff',
      appCertificate: TEST_AGORA_CERTIFICATE,
      expire: 600,
      services: [{ type: 2, userId: 'alice', privileges: [[1, 600]] }],
    });
    const reply = await inspect(app, { token });
    expectInspected(reply);
    expect(reply.body).toMatchObject({
      appId: 'ffffffffffffffffffffffffffffffff',
      services: [{ service: 'rtm', userId: 'alice' }],
      signatures: [],
      note: 'no configured project has this App ID',
    });
  });

  it('should call a token signed with another certificate invalid under both', async () => {
    const token = buildAccessToken2({
      appId: TEST_AGORA_APP_ID,
      appCertificate: '99999999999999999999999999999999',
      expire: 600,
      services: [{ type: 2, userId: 'alice', privileges: [[1, 600]] }],
    });
    const reply = await inspect(app, { token });
    expectInspected(reply);
    expect(reply.body.signatures.map((s: { valid: boolean }) => s.valid)).toEqual([false, false]);
  });

  it.each([
    ['text that is no token', 'not-a-token'],
    ['a 007 prefix with bad base64', '007!!!!'],
    ['a truncated 007 token', '007eJxTYBBbsMMnPq7'],
    ['a 006 prefix without an App ID', '006xyz'],
    ['a 006 token with garbage after the App ID', `006${TEST_AGORA_APP_ID}AAAA`],
  ])('should answer 400 TOKEN_MALFORMED for %s', async (_case, token) => {
    const reply = await inspect(app, { token });
    expectRefused(reply, 400, 'TOKEN_MALFORMED');
  });

  it('should answer 400 TOKEN_MALFORMED for a truncated real token', async () => {
    const token = await issueRtc(app);
    const reply = await inspect(app, { token: token.slice(0, 60) });
    expectRefused(reply, 400, 'TOKEN_MALFORMED');
  });
});
