import fc from 'fast-check';
import {
  buildDynamicKey1,
  buildDynamicKey2,
  buildDynamicKey3,
  buildDynamicKey4MediaChannelKey,
  buildDynamicKey4PublicSharingKey,
  buildDynamicKey4RecordingKey,
  DynamicKey4Service,
  parseDynamicKey1,
  parseDynamicKey2,
  parseDynamicKey3,
  parseDynamicKey4,
  verifyDynamicKey1,
  verifyDynamicKey2,
  verifyDynamicKey3,
  verifyDynamicKey4,
  type DynamicKeyOptions,
} from './dynamic-key-legacy';
import { codeOf } from '../../test/support/token-error';

// Known answers copied from test/fixtures/agora-token-vectors.json (dk4-*, dk3-generate, dk2-generate, dk1-generate,
// dk1-generate-go-inputs, dk4-public-sharing-uid-123).
const BASE: DynamicKeyOptions = {
  appId: '970ca35de60c44645bbae8a215061b33',
  appCertificate: '5cfd2fd1755d40ecb72977518be15d3b',
  channelName: '7d72365eb983485397e3e3f9d460bdda',
  unixTs: 1446455472,
  randomInt: 58964981,
  uid: 2882341273,
  expiredTs: 1446455471,
};
const DK4_SHARING =
  '004ec32c0d528e58ef90e8ff437a9706124137dc795970ca35de60c44645bbae8a215061b3314464554720383bbf51446455471';
const DK4_RECORDING =
  '004e0c24ac56aae05229a6d9389860a1a0e25e56da8970ca35de60c44645bbae8a215061b3314464554720383bbf51446455471';
const DK4_MEDIA =
  '004d0ec5ee3179c964fe7c0485c045541de6bff332b970ca35de60c44645bbae8a215061b3314464554720383bbf51446455471';
const DK3 =
  '0037666966591a93ee5a3f712e22633f31f0cbc8f13970ca35de60c44645bbae8a215061b3314464554720383bbf528823412731446455471';
const DK2 =
  '7666966591a93ee5a3f712e22633f31f0cbc8f13970ca35de60c44645bbae8a215061b3314464554720383bbf528823412731446455471';
const DK1 =
  '870588aad271ff47094eb622617e89d6b5b5a615970ca35de60c44645bbae8a215061b3314464554720383bbf5';
// Mixed-case app id kept verbatim, short uid and salt zero-padded (dk4-public-sharing-uid-123).
const SHORT = {
  appId: '970CA35de60c44645bbae8a215061b33',
  appCertificate: '5CFd2fd1755d40ecb72977518be15d3b',
  channelName: 'channel',
  unixTs: 1446455471,
  randomInt: 1,
  uid: 123,
  expiredTs: 1446455471,
};
const DK4_SHORT =
  '004873127ba65b887d83c90d0d83c44a6b42b4246c9970CA35de60c44645bbae8a215061b331446455471000000011446455471';
const DK1_SHORT =
  '613756761fa2463961ae254d51076afd5fd99164970CA35de60c44645bbae8a215061b33144645547100000001';

const target = {
  appCertificate: BASE.appCertificate,
  channelName: BASE.channelName,
  uid: BASE.uid,
};

describe('DynamicKey4', () => {
  it.each([
    [
      'public sharing',
      buildDynamicKey4PublicSharingKey,
      DK4_SHARING,
      DynamicKey4Service.PublicSharing,
    ],
    ['recording', buildDynamicKey4RecordingKey, DK4_RECORDING, DynamicKey4Service.Recording],
    ['media channel', buildDynamicKey4MediaChannelKey, DK4_MEDIA, DynamicKey4Service.MediaChannel],
  ])('should build, parse and verify the exact %s key', (_name, build, expected, service) => {
    expect(build(BASE)).toBe(expected);
    const parsed = parseDynamicKey4(expected);
    expect(parsed).toEqual({
      signature: expected.slice(3, 43),
      appId: BASE.appId,
      unixTs: BASE.unixTs,
      randomInt: BASE.randomInt,
      expiredTs: BASE.expiredTs,
    });
    expect(verifyDynamicKey4(parsed, { ...target, service })).toBe(true);
    // The service is signed but not carried: the right key for another service does not verify.
    const other =
      service === 'ARS' ? DynamicKey4Service.MediaChannel : DynamicKey4Service.Recording;
    expect(verifyDynamicKey4(parsed, { ...target, service: other })).toBe(false);
    expect(verifyDynamicKey4(parsed, { ...target, service, uid: 1 })).toBe(false);
  });

  it('should zero-pad a short uid and salt and keep the app id case', () => {
    expect(buildDynamicKey4PublicSharingKey(SHORT)).toBe(DK4_SHORT);
    const parsed = parseDynamicKey4(DK4_SHORT);
    expect([parsed.appId, parsed.randomInt]).toEqual([SHORT.appId, 1]);
    expect(verifyDynamicKey4(parsed, { ...SHORT, service: 'APSS' })).toBe(true);
  });
});

describe('DynamicKey3 and DynamicKey2', () => {
  it('should build the exact keys, which differ only by the "003" prefix', () => {
    expect(buildDynamicKey3(BASE)).toBe(DK3);
    expect(buildDynamicKey2(BASE)).toBe(DK2);
    expect(DK3).toBe(`003${DK2}`);
  });

  it('should parse the carried uid and verify only the right channel, uid and certificate', () => {
    for (const [parsed, verify] of [
      [parseDynamicKey3(DK3), verifyDynamicKey3],
      [parseDynamicKey2(DK2), verifyDynamicKey2],
    ] as const) {
      const { appId, unixTs, randomInt, uid, expiredTs } = BASE;
      const signature = DK2.slice(0, 40);
      expect(parsed).toEqual({ signature, appId, unixTs, randomInt, uid, expiredTs });
      expect(verify(parsed, target)).toBe(true);
      expect(verify(parsed, { ...target, uid: 2882341274 })).toBe(false);
      expect(verify(parsed, { ...target, channelName: 'other' })).toBe(false);
      expect(verify(parsed, { ...target, appCertificate: BASE.appCertificate.toUpperCase() })).toBe(
        false,
      );
      expect(verify({ ...parsed, expiredTs: parsed.expiredTs + 1 }, target)).toBe(false);
    }
  });

  it('should refuse uid -1 that the reference reduces to 4294967295', () => {
    expect(codeOf(() => buildDynamicKey2({ ...BASE, uid: -1 }))).toBe('ERR_UID_INVALID');
    expect(parseDynamicKey2(buildDynamicKey2({ ...BASE, uid: 4294967295 })).uid).toBe(4294967295);
  });
});

describe('DynamicKey (v1)', () => {
  it.each([
    ['lowercase', BASE, DK1],
    ['mixed-case (kept verbatim)', SHORT, DK1_SHORT],
  ])(
    'should build, parse and verify the exact key with a %s app id',
    (_name, options, expected) => {
      expect(buildDynamicKey1(options)).toBe(expected);
      const parsed = parseDynamicKey1(expected);
      const { appId, unixTs, randomInt } = options;
      expect(parsed).toEqual({ signature: expected.slice(0, 40), appId, unixTs, randomInt });
      expect(verifyDynamicKey1(parsed, options)).toBe(true);
      expect(verifyDynamicKey1(parsed, { ...options, channelName: 'other' })).toBe(false);
    },
  );
});

describe('legacy dynamic key inputs', () => {
  it.each([
    ['an app id of 31 hex', { appId: BASE.appId.slice(1) }, 'ERR_APP_ID_INVALID'],
    ['a non-hex certificate', { appCertificate: 'g'.repeat(32) }, 'ERR_APP_CERTIFICATE_INVALID'],
    ['uid 2^32', { uid: 2 ** 32 }, 'ERR_UID_INVALID'],
    ['uid 0.5', { uid: 0.5 }, 'ERR_UID_INVALID'],
    ['unixTs 2^32', { unixTs: 2 ** 32 }, 'ERR_TIMESTAMP_INVALID'],
    ['expiredTs -1', { expiredTs: -1 }, 'ERR_TIMESTAMP_INVALID'],
    ['randomInt 2^32', { randomInt: 2 ** 32 }, 'ERR_SALT_INVALID'],
    ['a channel over 65535 bytes', { channelName: 'x'.repeat(65536) }, 'ERR_STRING_TOO_LONG'],
  ])('should refuse %s in every builder that uses it', (_name, change, code) => {
    const options = { ...BASE, ...(change as object) };
    for (const build of [buildDynamicKey4RecordingKey, buildDynamicKey3, buildDynamicKey2]) {
      expect(codeOf(() => build(options))).toBe(code);
    }
    const dk1 = codeOf(() => buildDynamicKey1(options));
    expect(dk1).toBe('uid' in change || 'expiredTs' in change ? 'no error' : code);
  });
});

describe('legacy dynamic key parsers', () => {
  it.each([
    ['a non-string', 1234, 'ERR_TOKEN_MALFORMED', 'ERR_TOKEN_MALFORMED'],
    ['the wrong version', '005abc', 'ERR_TOKEN_VERSION', 'ERR_TOKEN_MALFORMED'],
    ['one character short', DK3.slice(0, -1), 'ERR_TOKEN_MALFORMED', 'ERR_TOKEN_MALFORMED'],
    [
      'an uppercase signature',
      DK3.slice(0, 3) + DK3.slice(3, 43).toUpperCase() + DK3.slice(43),
      'ERR_TOKEN_ENCODING',
      'ERR_TOKEN_MALFORMED',
    ],
    [
      'a letter in the uid',
      `${DK3.slice(0, -11)}x${DK3.slice(-10)}`,
      'ERR_TOKEN_ENCODING',
      'ERR_TOKEN_MALFORMED',
    ],
    [
      'a timestamp over 2^32-1',
      `${DK3.slice(0, 75)}9999999999${DK3.slice(85)}`,
      'ERR_TOKEN_MALFORMED',
      'ERR_TOKEN_MALFORMED',
    ],
  ])('should refuse %s', (_name, token, dk3Code, dk2Code) => {
    expect(codeOf(() => parseDynamicKey3(token))).toBe(dk3Code);
    expect(codeOf(() => parseDynamicKey2(token))).toBe(dk2Code);
  });

  it('should tell the formats apart by prefix and length', () => {
    expect(codeOf(() => parseDynamicKey4(DK3))).toBe('ERR_TOKEN_VERSION');
    expect(codeOf(() => parseDynamicKey3(DK4_MEDIA))).toBe('ERR_TOKEN_VERSION');
    expect(codeOf(() => parseDynamicKey2(DK1))).toBe('ERR_TOKEN_MALFORMED');
    expect(codeOf(() => parseDynamicKey1(DK2))).toBe('ERR_TOKEN_MALFORMED');
  });

  it('should answer any input with a parse or a TokenError, never another exception', () => {
    const parsers = [parseDynamicKey4, parseDynamicKey3, parseDynamicKey2, parseDynamicKey1];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({
            unit: fc.constantFrom(...'0123456789abcdefX'),
            minLength: 90,
            maxLength: 113,
          }),
        ),
        (text) => {
          for (const parse of parsers) {
            expect(codeOf(() => parse(text))).not.toBe('not a TokenError');
          }
        },
      ),
    );
  });
});
