import {
  buildRtcToken006WithAccount,
  buildRtcToken006WithUid,
  buildRtmToken006,
  parseAccessToken006,
  Role006,
  RtmRole006,
  verifyAccessToken006,
} from './access-token-006';
import { codeOf } from '../../test/support/token-error';

// Known answers copied from test/fixtures/agora-token-vectors.json (006-builder-rtc-uid-publisher, -subscriber,
// -uid0-subscriber, 006-builder-rtm), all with salt 1 and ts 1111111 forced.
const APP_ID = '970CA35de60c44645bbae8a215061b33';
const CERT = '5CFd2fd1755d40ecb72977518be15d3b';
const CHANNEL = '7d72365eb983485397e3e3f9d460bdda';
const EXPIRY = 1446455471;
const COMMON = {
  appId: APP_ID,
  appCertificate: CERT,
  channelName: CHANNEL,
  role: Role006.Publisher,
  privilegeExpiredTs: EXPIRY,
  salt: 1,
  ts: 1111111,
};
const RTC = { ...COMMON, uid: 2882341273 };
const PUBLISH_RIGHTS =
  '006970CA35de60c44645bbae8a215061b33IACMv3I+fsRSejxy6luEwzA/1t/zbEHWfJCJ5m8ssFP/fLdIfRBXoFHlIgABAAAAR/QQAAQAAQCvKDdWAgCvKDdWAwCvKDdWBACvKDdW';
const JOIN_ONLY =
  '006970CA35de60c44645bbae8a215061b33IACV0fZUBw+72cVoL9eyGGh3Q6Poi8bgjwVLnyKSJyOXR7dIfRBXoFHlEAABAAAAR/QQAAEAAQCvKDdW';
const ANY_USER_JOIN_ONLY =
  '006970CA35de60c44645bbae8a215061b33IACw1o7htY6ISdNRtku3p9tjTPi0jCKf9t49UHJhzCmL6bdIfRAAAAAAEAABAAAAR/QQAAEAAQCvKDdW';
const RTM =
  '006970CA35de60c44645bbae8a215061b33IAAsR0qgiCxv0vrpRcpkz5BrbfEWCBZ6kvR6t7qG/wJIQob86ogAAAAAEAABAAAAR/QQAAEA6AOvKDdW';

describe(buildRtcToken006WithUid.name, () => {
  // The majority rule (python, nodejs, go, C++, ...): everyone but Subscriber may publish. Java and
  // Ruby swap Attendee and Subscriber; we follow the majority, which is what the vectors pin.
  it.each([
    ['Attendee', Role006.Attendee, PUBLISH_RIGHTS, [1, 2, 3, 4]],
    ['Publisher', Role006.Publisher, PUBLISH_RIGHTS, [1, 2, 3, 4]],
    ['Subscriber', Role006.Subscriber, JOIN_ONLY, [1]],
    ['Admin', Role006.Admin, PUBLISH_RIGHTS, [1, 2, 3, 4]],
  ])('should give %s the exact privileges of the references', (_name, role, expected, ids) => {
    const token = buildRtcToken006WithUid({ ...RTC, role });
    expect(token).toBe(expected);
    expect(parseAccessToken006(token).privileges).toEqual(ids.map((id) => [id, EXPIRY]));
  });

  it('should sign uid 0 as any user', () => {
    const token = buildRtcToken006WithUid({ ...RTC, uid: 0, role: Role006.Subscriber });
    expect(token).toBe(ANY_USER_JOIN_ONLY);
    const target = { appCertificate: CERT, channelName: CHANNEL, uid: 0 };
    expect(verifyAccessToken006(parseAccessToken006(token), target)).toBe(true);
  });

  it.each([
    ['an unknown role', { role: 3 }, 'ERR_VALUE_INVALID'],
    ['a string uid', { uid: '2882341273' }, 'ERR_UID_INVALID'],
    ['uid -1', { uid: -1 }, 'ERR_UID_INVALID'],
    ['uid 2^32', { uid: 2 ** 32 }, 'ERR_UID_INVALID'],
    ['a negative privilege expiry', { privilegeExpiredTs: -1 }, 'ERR_EXPIRE_INVALID'],
    ['a fractional privilege expiry', { privilegeExpiredTs: 1.5 }, 'ERR_EXPIRE_INVALID'],
    ['a bad app id', { appId: 'not-an-app-id' }, 'ERR_APP_ID_INVALID'],
    ['a bad certificate', { appCertificate: '' }, 'ERR_APP_CERTIFICATE_INVALID'],
    ['salt 2^32', { salt: 2 ** 32 }, 'ERR_SALT_INVALID'],
    ['a channel over 65535 bytes', { channelName: 'c'.repeat(65536) }, 'ERR_STRING_TOO_LONG'],
  ])('should refuse %s', (_name, change, code) => {
    expect(codeOf(() => buildRtcToken006WithUid({ ...RTC, ...(change as object) }))).toBe(code);
  });

  it('should default salt and ts when they are not given', () => {
    const token = buildRtcToken006WithUid({ ...RTC, salt: undefined, ts: undefined });
    const { salt, ts } = parseAccessToken006(token);
    expect(salt).toBeGreaterThanOrEqual(1);
    expect(salt).toBeLessThanOrEqual(99999999);
    expect(Math.abs(ts - (Date.now() / 1000 + 86400))).toBeLessThan(5);
  });
});

describe(buildRtcToken006WithAccount.name, () => {
  it('should give an account the same token as the equal numeric uid', () => {
    expect(buildRtcToken006WithAccount({ ...COMMON, account: '2882341273' })).toBe(PUBLISH_RIGHTS);
  });

  it('should refuse a non-string account and an account over 65535 bytes', () => {
    const account = 2882341273 as unknown as string;
    expect(codeOf(() => buildRtcToken006WithAccount({ ...COMMON, account }))).toBe(
      'ERR_STRING_INVALID',
    );
    expect(
      codeOf(() => buildRtcToken006WithAccount({ ...COMMON, account: 'a'.repeat(65536) })),
    ).toBe('ERR_STRING_TOO_LONG');
  });
});

describe(buildRtmToken006.name, () => {
  const RTM_OPTIONS = {
    appId: APP_ID,
    appCertificate: CERT,
    account: 'test_user',
    role: RtmRole006.RtmUser,
    privilegeExpiredTs: EXPIRY,
    salt: 1,
    ts: 1111111,
  };

  it('should build the exact token with or without the (ignored) role', () => {
    expect(buildRtmToken006(RTM_OPTIONS)).toBe(RTM);
    expect(buildRtmToken006({ ...RTM_OPTIONS, role: undefined })).toBe(RTM);
  });

  it('should sign the account as the channel and "" as the uid', () => {
    const parsed = parseAccessToken006(RTM);
    expect(parsed.privileges).toEqual([[1000, EXPIRY]]);
    const target = { appCertificate: CERT, channelName: 'test_user', uid: '' };
    expect(verifyAccessToken006(parsed, target)).toBe(true);
  });

  it('should refuse a role other than RtmUser and a non-string account', () => {
    expect(codeOf(() => buildRtmToken006({ ...RTM_OPTIONS, role: 2 as 1 }))).toBe(
      'ERR_VALUE_INVALID',
    );
    const account = undefined as unknown as string;
    expect(codeOf(() => buildRtmToken006({ ...RTM_OPTIONS, account }))).toBe('ERR_STRING_INVALID');
  });
});
