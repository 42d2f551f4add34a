import { buildToken, type TokenSpec006 } from './token-spec';
import { isTokenError } from './errors';
import { inspectToken } from './inspect-token';

// Known answers copied from test/fixtures/agora-token-vectors.json (007-builder-rtc-uid-publisher in canonical
// compression, 006-builder-rtc-uid-publisher, 006-builder-rtm).
const APP_ID = '970CA35de60c44645bbae8a215061b33';
const CERT = '5CFd2fd1755d40ecb72977518be15d3b';
const CHANNEL = '7d72365eb983485397e3e3f9d460bdda';
const UID = 2882341273;
const EXPIRY = 1446455471;
const T007 =
  '007eJxTYDhuGCT90E3Yo2+N3efJV5hX1K1MZAqae/Sa8UP9VXvOhfArMFiaGzg7GpumpJoZJJuYmJmYJiUlplokGhmaGpgZJhkbu38RYIhgYmBgZABhRgYWIAbxmcAkM5hkAZMKDOYp5kbGZqapSZYWxiYWpsaW5qnGqcZplikmZgZJKSmJXAxGFhZGxiaGRubGAKizJcs=';
const T006 =
  '006970CA35de60c44645bbae8a215061b33IACMv3I+fsRSejxy6luEwzA/1t/zbEHWfJCJ5m8ssFP/fLdIfRBXoFHlIgABAAAAR/QQAAQAAQCvKDdWAgCvKDdWAwCvKDdWBACvKDdW';
const T006_RTM =
  '006970CA35de60c44645bbae8a215061b33IAAsR0qgiCxv0vrpRcpkz5BrbfEWCBZ6kvR6t7qG/wJIQob86ogAAAAAEAABAAAAR/QQAAEA6AOvKDdW';

const PUBLISHER = {
  joinChannel: EXPIRY,
  publishAudioStream: EXPIRY,
  publishVideoStream: EXPIRY,
  publishDataStream: EXPIRY,
};
const SPEC_006: TokenSpec006 = {
  version: '006',
  appId: APP_ID,
  appCertificate: CERT,
  channel: CHANNEL,
  uid: UID,
  salt: 1,
  ts: 1111111,
  privileges: PUBLISHER,
};

function errorOf(run: () => unknown): string {
  try {
    run();
    return 'no error';
  } catch (error) {
    return isTokenError(error) ? `${error.code}: ${error.message}` : 'not a TokenError';
  }
}

describe(buildToken.name, () => {
  it('should build a 007 known answer with or without an explicit version', () => {
    const spec = {
      appId: APP_ID,
      appCertificate: CERT,
      issuedAt: 1111111,
      expire: 600,
      salt: 1,
      compression: 'canonical' as const,
      services: [
        {
          service: 'rtc' as const,
          channel: CHANNEL,
          uid: UID,
          privileges: {
            joinChannel: 600,
            publishAudioStream: 600,
            publishVideoStream: 600,
            publishDataStream: 600,
          },
        },
      ],
    };
    expect(buildToken(spec)).toBe(T007);
    expect(buildToken({ ...spec, version: '007' })).toBe(T007);
  });

  it.each([
    ['a uid', SPEC_006, T006],
    ['its decimal account', { ...SPEC_006, uid: undefined, account: String(UID) }, T006],
    [
      'an RTM login (channel = account, account "")',
      {
        ...SPEC_006,
        channel: 'test_user',
        uid: undefined,
        account: '',
        privileges: { rtmLogin: EXPIRY },
      },
      T006_RTM,
    ],
  ])('should build a 006 known answer from %s', (_what, spec, expected) => {
    expect(buildToken(spec)).toBe(expected);
  });

  it('should round-trip a 006 spec through inspectToken', () => {
    const spec = { ...SPEC_006, privileges: { ...PUBLISHER, administrateChannel: 5, '77': 6 } };
    const { channel, uid, appCertificate, ...carried } = spec;
    const inspected = inspectToken(buildToken(spec), { appCertificate, channelName: channel, uid });
    expect(inspected).toMatchObject({ ...carried, signatureValid: true });
    expect(inspected).toHaveProperty('privileges', spec.privileges);
  });

  it('should default the 006 salt and ts (now + 24 h)', () => {
    const inspected = inspectToken(buildToken({ ...SPEC_006, salt: undefined, ts: undefined }));
    const now = Math.floor(Date.now() / 1000);
    expect(inspected).toMatchObject({ version: '006', appId: APP_ID });
    expect(inspected.version === '006' && Math.abs(inspected.ts - (now + 86_400))).toBeLessThan(5);
  });

  it.each([
    ['an unknown field', { extra: 1 }, 'spec.extra is not a known field'],
    ['a numeric channel', { channel: 7 }, 'spec.channel must be a string'],
    ['a missing appId', { appId: undefined }, 'spec.appId must be a string'],
    ['a string uid', { uid: '1' }, 'spec.uid must be an integer in 0..4294967295'],
    ['a fractional salt', { salt: 1.5 }, 'spec.salt must be an integer in 0..4294967295'],
    ['a negative ts', { ts: -1 }, 'spec.ts must be an integer in 0..4294967295'],
    ['both uid and account', { account: 'a' }, 'spec needs exactly one of uid'],
    ['neither uid nor account', { uid: undefined }, 'spec needs exactly one of uid'],
    ['a numeric account', { uid: undefined, account: 5 }, 'spec.account must be a string'],
    ['privileges as a list', { privileges: [] }, 'spec.privileges must be an object'],
    ['no privileges', { privileges: undefined }, 'spec.privileges must be an object'],
    ['an unknown privilege', { privileges: { fly: 1 } }, 'spec.privileges.fly is not a 006'],
    ['an id above 65535', { privileges: { '65536': 1 } }, 'spec.privileges.65536 is not a 006'],
    ['a string expiry', { privileges: { joinChannel: '1' } }, 'spec.privileges.joinChannel must'],
  ])('should refuse a 006 spec with %s', (_what, change, message) => {
    const spec: Record<string, unknown> = { ...SPEC_006, ...change };
    for (const key of Object.keys(change)) {
      if (spec[key] === undefined) {
        delete spec[key];
      }
    }
    expect(errorOf(() => buildToken(spec))).toContain(`ERR_SPEC_INVALID: ${message}`);
  });

  it.each([['008'], [6], [null]])('should refuse version %p', (version) => {
    expect(errorOf(() => buildToken({ ...SPEC_006, version }))).toBe(
      'ERR_SPEC_INVALID: spec.version must be "007" or "006"',
    );
  });

  it('should refuse an invalid certificate with the library error, never echoing it', () => {
    const error = errorOf(() => buildToken({ ...SPEC_006, appCertificate: 'secret-ish' }));
    expect(error).toMatch(/^ERR_APP_CERTIFICATE_INVALID/);
    expect(error).not.toContain('secret-ish');
  });
});
