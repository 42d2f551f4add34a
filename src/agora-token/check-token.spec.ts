import { buildSignalingToken } from './signaling-token';
import { checkToken, TOKEN_CHECKS, type TokenExpectation, type TokenVerdict } from './check-token';
import { inspectToken, type InspectOptions } from './inspect-token';
import { buildRtcToken006WithUid, Role006 } from './access-token-006';
import {
  buildRtcTokenWithUid,
  buildRtcTokenWithUserAccount,
  buildRtmToken,
  RtcRole,
} from './builders';

const APP_ID = '970CA35de60c44645bbae8a215061b33';
const CERT = '5CFd2fd1755d40ecb72977518be15d3b';
const OTHER_CERT = '5CFd2fd1755d40ecb72977518be15d3c';
const T0 = 1_700_000_000;
const base = { appId: APP_ID, appCertificate: CERT, issuedAt: T0, salt: 1 };

// A publisher token for room1 / uid 42, valid 3600 s; joinChannel for 1800 s.
const ROOM1_UID42 = buildRtcTokenWithUid({
  ...base,
  channelName: 'room1',
  uid: 42,
  role: RtcRole.Publisher,
  tokenExpireSeconds: 3600,
  privilegeExpireSeconds: 1800,
});

function verdict(
  token: string,
  expectation: TokenExpectation,
  options: InspectOptions = { appCertificate: CERT },
): TokenVerdict {
  return checkToken(inspectToken(token, options), expectation);
}

/** check name → result, for compact assertions. */
function results(v: TokenVerdict): Record<string, string> {
  return Object.fromEntries(v.checks.map((c) => [c.check, c.result]));
}

const MATCHING = { appId: APP_ID, channelName: 'room1', uid: 42, nowSeconds: T0 + 10 };

describe('checkToken', () => {
  it('should pass all five checks for the client the token was made for', () => {
    const v = verdict(ROOM1_UID42, MATCHING);
    expect(v.accepted).toBe(true);
    expect(v.checks.map((c) => c.check)).toEqual([...TOKEN_CHECKS]);
    expect(v.checks).toEqual([
      { check: 'appId', result: 'pass', detail: `made for App ID ${APP_ID}` },
      { check: 'channel', result: 'pass', detail: 'made for channel "room1"' },
      { check: 'user', result: 'pass', detail: 'made for uid 42' },
      { check: 'signature', result: 'pass', detail: 'signed with the given certificate' },
      { check: 'expiry', result: 'pass', detail: 'valid for 3590 more seconds' },
    ]);
  });

  it('should name the channel and the uid when both differ (the issue: room2 / 43)', () => {
    const v = verdict(ROOM1_UID42, { ...MATCHING, channelName: 'room2', uid: 43 });
    expect(v.accepted).toBe(false);
    expect(v.checks.filter((c) => c.result === 'fail')).toEqual([
      {
        check: 'channel',
        result: 'fail',
        agoraError: 110,
        detail: 'made for channel "room1", not "room2"',
      },
      { check: 'user', result: 'fail', agoraError: 110, detail: 'made for uid 42, not uid 43' },
    ]);
  });

  it('should fail the App ID, noting a difference in letter case only', () => {
    const other = '00000000000000000000000000000000';
    expect(verdict(ROOM1_UID42, { ...MATCHING, appId: other }).checks[0]).toEqual({
      check: 'appId',
      result: 'fail',
      agoraError: 110,
      detail: `made for App ID ${APP_ID}, not ${other}`,
    });
    const lower = verdict(ROOM1_UID42, { ...MATCHING, appId: APP_ID.toLowerCase() }).checks[0];
    expect(lower?.result).toBe('fail');
    expect(lower?.detail).toContain('letter case only');
  });

  it('should fail the signature for another certificate and leave it unchecked without one', () => {
    const wrong = verdict(ROOM1_UID42, MATCHING, { appCertificate: OTHER_CERT });
    expect(results(wrong)).toMatchObject({ signature: 'fail' });
    expect(wrong.checks[3]?.agoraError).toBe(110);
    const none = verdict(ROOM1_UID42, MATCHING, {});
    expect(none.accepted).toBe(true);
    expect(none.checks[3]).toEqual({
      check: 'signature',
      result: 'unchecked',
      detail: 'no certificate given to verify with',
    });
  });

  it('should report expiry as 109: the join privilege first, then the token', () => {
    const joinGone = verdict(ROOM1_UID42, { ...MATCHING, nowSeconds: T0 + 1800 });
    expect(joinGone.checks[4]).toEqual({
      check: 'expiry',
      result: 'fail',
      agoraError: 109,
      detail: `the rtc joinChannel privilege expired at ${T0 + 1800} (0 s ago)`,
    });
    const tokenGone = verdict(ROOM1_UID42, { ...MATCHING, nowSeconds: T0 + 3700 });
    expect(tokenGone.checks[4]?.detail).toBe(`the token expired at ${T0 + 3600} (100 s ago)`);
    expect(verdict(ROOM1_UID42, { channelName: 'room1' }).checks[4]?.result).toBe('unchecked');
  });

  it('should leave unchecked what was not asked and accept', () => {
    const v = verdict(ROOM1_UID42, {}, {});
    expect(v.accepted).toBe(true);
    expect(v.checks.every((c) => c.result === 'unchecked')).toBe(true);
  });

  it('should match an account with the same digits as the uid (the same bytes on the wire)', () => {
    expect(results(verdict(ROOM1_UID42, { ...MATCHING, uid: '42' })).user).toBe('pass');
    const account = buildRtcTokenWithUserAccount({
      ...base,
      channelName: 'room1',
      account: 'alice',
      role: RtcRole.Subscriber,
      tokenExpireSeconds: 60,
    });
    expect(verdict(account, { uid: 'bob' }).checks[2]?.detail).toBe('made for "alice", not "bob"');
    expect(results(verdict(account, { uid: 'alice' })).user).toBe('pass');
  });

  it('should let any user join with a uid-0 token', () => {
    const anyone = buildRtcTokenWithUid({
      ...base,
      channelName: 'room1',
      uid: 0,
      role: RtcRole.Subscriber,
      tokenExpireSeconds: 60,
    });
    expect(verdict(anyone, { uid: 43 }).checks[2]).toEqual({
      check: 'user',
      result: 'pass',
      detail: 'made for any user (uid 0), so uid 43 may use it',
    });
  });

  it('should fail a channel for a token that grants no channel, and check its RTM user', () => {
    const rtm = buildRtmToken({ ...base, userId: 'alice', expireSeconds: 60 });
    const v = verdict(rtm, { channelName: 'room1', uid: 'bob' });
    expect(v.checks[1]).toMatchObject({
      result: 'fail',
      detail: 'grants no channel at all (services: rtm)',
    });
    expect(v.checks[2]).toMatchObject({ result: 'fail', detail: 'made for "alice", not "bob"' });
    expect(results(verdict(rtm, { uid: 'alice' })).user).toBe('pass');
  });

  describe('legacy formats', () => {
    const token006 = buildRtcToken006WithUid({
      appId: APP_ID,
      appCertificate: CERT,
      channelName: 'room1',
      uid: 42,
      role: Role006.Publisher,
      privilegeExpiredTs: T0 + 600,
      salt: 1,
      ts: T0 + 3600,
    });

    it('should compare a 006 channel and uid through the CRC-32s it carries', () => {
      const ok = verdict(token006, MATCHING, {
        appCertificate: CERT,
        channelName: 'room1',
        uid: 42,
      });
      expect(ok.accepted).toBe(true);
      expect(results(ok)).toEqual({
        appId: 'pass',
        channel: 'pass',
        user: 'pass',
        signature: 'pass',
        expiry: 'pass',
      });
      const wrong = verdict(
        token006,
        { ...MATCHING, channelName: 'room2', uid: 43 },
        { appCertificate: CERT, channelName: 'room2', uid: 43 },
      );
      expect(results(wrong)).toMatchObject({ channel: 'fail', user: 'fail', signature: 'fail' });
      expect(wrong.checks[1]?.detail).toBe('the token\'s channel CRC-32 is not that of "room2"');
    });

    it('should judge a 006 join privilege by its absolute expiry', () => {
      const v = verdict(token006, { nowSeconds: T0 + 600 }, {});
      expect(v.checks[4]).toEqual({
        check: 'expiry',
        result: 'fail',
        agoraError: 109,
        detail: `the joinChannel privilege expired at ${T0 + 600} (0 s ago)`,
      });
    });

    it('should say what a signalling token does not carry, and read "no expiry"', () => {
      const token = buildSignalingToken({
        appId: APP_ID.toLowerCase(),
        appCertificate: CERT.toLowerCase(),
        account: 'alice',
        expiredTs: 0,
      });
      const v = verdict(token, { channelName: 'c', uid: 'alice', nowSeconds: T0 }, {});
      expect(v.checks.slice(1, 3).map((c) => c.detail)).toEqual([
        'a signaling token does not carry its channel; the signature check covers it',
        'a signaling token does not carry its user; the signature check covers it',
      ]);
      expect(v.checks[4]).toEqual({ check: 'expiry', result: 'pass', detail: 'carries no expiry' });
    });
  });
});
