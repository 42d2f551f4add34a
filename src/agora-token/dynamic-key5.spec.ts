import fc from 'fast-check';
import { encodeBase64 } from './base64';
import {
  buildDynamicKey5InChannelPermissionKey,
  buildDynamicKey5MediaChannelKey,
  buildDynamicKey5PublicSharingKey,
  buildDynamicKey5RecordingKey,
  DynamicKey5Service,
  InChannelPermission,
  parseDynamicKey5,
  verifyDynamicKey5,
  type DynamicKey5Options,
} from './dynamic-key5';
import { codeOf } from '../../test/support/token-error';

// Known answers copied from test/fixtures/agora-token-vectors.json (dk5-media-channel, dk5-recording,
// dk5-public-sharing, dk5-in-channel-no-upload, dk5-in-channel-audio-video-upload).
const BASE: DynamicKey5Options = {
  appId: '970ca35de60c44645bbae8a215061b33',
  appCertificate: '5cfd2fd1755d40ecb72977518be15d3b',
  channelName: '7d72365eb983485397e3e3f9d460bdda',
  uid: 2882341273,
  unixTs: 1446455472,
  randomInt: 58964981,
  expiredTs: 1446455471,
};
const MEDIA =
  '005AQAoAEJERTJDRDdFNkZDNkU0ODYxNkYxQTYwOUVFNTM1M0U5ODNCQjFDNDQQAJcMo13mDERkW7roohUGGzOwKDdW9buDA68oN1YAAA==';
const RECORDING =
  '005AgAoADkyOUM5RTQ2MTg3QTAyMkJBQUIyNkI3QkYwMTg0MzhDNjc1Q0ZFMUEQAJcMo13mDERkW7roohUGGzOwKDdW9buDA68oN1YAAA==';
const SHARING =
  '005AwAoADc0QTk5RTVEQjI4MDk0NUI0NzUwNTk0MUFDMjM4MDU2NzIwREY3QjAQAJcMo13mDERkW7roohUGGzOwKDdW9buDA68oN1YAAA==';
const NO_UPLOAD =
  '005BAAoADgyNEQxNDE4M0FGRDkyOEQ4REFFMUU1OTg5NTg2MzA3MTEyNjRGNzQQAJcMo13mDERkW7roohUGGzOwKDdW9buDA68oN1YBAAEAAQAw';
const AV_UPLOAD =
  '005BAAoADJERDA3QThENTE2NzJGNjQwMzY5NTFBNzE0QkI5NTc0N0Q1QjZGQjMQAJcMo13mDERkW7roohUGGzOwKDdW9buDA68oN1YBAAEAAQAz';

function withContent(token: string, edit: (content: Buffer) => Buffer): string {
  return `005${encodeBase64(edit(Buffer.from(token.slice(3), 'base64')))}`;
}

describe('DynamicKey5 builders', () => {
  it.each([
    ['media channel', () => buildDynamicKey5MediaChannelKey(BASE), MEDIA],
    ['recording', () => buildDynamicKey5RecordingKey(BASE), RECORDING],
    ['public sharing', () => buildDynamicKey5PublicSharingKey(BASE), SHARING],
    [
      'in-channel no upload',
      () => buildDynamicKey5InChannelPermissionKey({ ...BASE, permission: '0' }),
      NO_UPLOAD,
    ],
    [
      'in-channel audio/video upload',
      () => buildDynamicKey5InChannelPermissionKey({ ...BASE, permission: '3' }),
      AV_UPLOAD,
    ],
  ])('should build the exact %s key', (_name, build, expected) => {
    expect(build()).toBe(expected);
  });

  it('should ignore the case of the app id and certificate (they are hex-decoded)', () => {
    const upper = { ...BASE, appId: BASE.appId.toUpperCase() };
    expect(
      buildDynamicKey5MediaChannelKey({
        ...upper,
        appCertificate: '5CFD2FD1755D40ECB72977518BE15D3B',
      }),
    ).toBe(MEDIA);
  });

  it.each([
    ['a bad app id', { appId: 'xyz' }, 'ERR_APP_ID_INVALID'],
    ['a bad certificate', { appCertificate: BASE.appId.slice(2) }, 'ERR_APP_CERTIFICATE_INVALID'],
    ['uid -1', { uid: -1 }, 'ERR_UID_INVALID'],
    ['uid 2^32', { uid: 2 ** 32 }, 'ERR_UID_INVALID'],
    ['a string uid', { uid: '1' }, 'ERR_UID_INVALID'],
    ['unixTs 2^32', { unixTs: 2 ** 32 }, 'ERR_TIMESTAMP_INVALID'],
    ['expiredTs -1', { expiredTs: -1 }, 'ERR_TIMESTAMP_INVALID'],
    ['randomInt 2^32', { randomInt: 2 ** 32 }, 'ERR_SALT_INVALID'],
    ['randomInt -1', { randomInt: -1 }, 'ERR_SALT_INVALID'],
    ['a channel over 65535 bytes', { channelName: 'x'.repeat(65536) }, 'ERR_STRING_TOO_LONG'],
  ])('should refuse %s', (_name, change, code) => {
    expect(codeOf(() => buildDynamicKey5MediaChannelKey({ ...BASE, ...(change as object) }))).toBe(
      code,
    );
  });

  it('should refuse an in-channel permission other than "0" and "3"', () => {
    const permission = '1' as InChannelPermission;
    expect(codeOf(() => buildDynamicKey5InChannelPermissionKey({ ...BASE, permission }))).toBe(
      'ERR_VALUE_INVALID',
    );
  });
});

describe(parseDynamicKey5.name, () => {
  it('should decode every field of a known key', () => {
    expect(parseDynamicKey5(NO_UPLOAD)).toEqual({
      version: '005',
      serviceType: DynamicKey5Service.InChannelPermission,
      signature: '824D14183AFD928D8DAE1E598958630711264F74',
      appId: '970ca35de60c44645bbae8a215061b33',
      unixTs: 1446455472,
      randomInt: 58964981,
      expiredTs: 1446455471,
      extra: [[1, InChannelPermission.NoUpload]],
    });
  });

  it.each([
    ['a number', 5, 'ERR_TOKEN_MALFORMED'],
    ['undefined', undefined, 'ERR_TOKEN_MALFORMED'],
    ['a 006 token', `006${MEDIA.slice(3)}`, 'ERR_TOKEN_VERSION'],
    ['bad base64', `${MEDIA.slice(0, -2)}=A`, 'ERR_TOKEN_ENCODING'],
    ['an empty body', '005', 'ERR_TOKEN_MALFORMED'],
    [
      'truncated content',
      withContent(MEDIA, (c) => c.subarray(0, c.length - 1)),
      'ERR_TOKEN_MALFORMED',
    ],
    [
      'trailing bytes',
      withContent(MEDIA, (c) => Buffer.concat([c, Buffer.of(0)])),
      'ERR_TOKEN_MALFORMED',
    ],
    [
      'service type 5',
      withContent(MEDIA, (c) => Buffer.concat([Buffer.of(5, 0), c.subarray(2)])),
      'ERR_TOKEN_MALFORMED',
    ],
    [
      'a lowercase signature',
      withContent(MEDIA, (c) =>
        Buffer.concat([
          c.subarray(0, 4),
          Buffer.from(c.subarray(4, 44).toString().toLowerCase()),
          c.subarray(44),
        ]),
      ),
      'ERR_TOKEN_MALFORMED',
    ],
    [
      'a 15-byte app id',
      withContent(MEDIA, (c) =>
        Buffer.concat([c.subarray(0, 44), Buffer.of(15), c.subarray(45, 46), c.subarray(47)]),
      ),
      'ERR_TOKEN_MALFORMED',
    ],
  ])('should refuse %s', (_name, token, code) => {
    expect(codeOf(() => parseDynamicKey5(token))).toBe(code);
  });

  it('should answer any input with a parse or a TokenError, never another exception', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.base64String().map((b) => `005${b}`),
        ),
        (text) => {
          expect(codeOf(() => parseDynamicKey5(text))).not.toBe('not a TokenError');
        },
      ),
    );
  });
});

describe(verifyDynamicKey5.name, () => {
  const target = {
    appCertificate: BASE.appCertificate,
    channelName: BASE.channelName,
    uid: BASE.uid,
  };

  it.each([MEDIA, RECORDING, SHARING, NO_UPLOAD, AV_UPLOAD])('should accept %s', (token) => {
    expect(verifyDynamicKey5(parseDynamicKey5(token), target)).toBe(true);
    expect(
      verifyDynamicKey5(parseDynamicKey5(token), {
        ...target,
        appCertificate: target.appCertificate.toUpperCase(),
      }),
    ).toBe(true);
  });

  it.each([
    ['another uid (signed but not carried)', { uid: BASE.uid + 1 }],
    ['another channel', { channelName: 'other' }],
    ['another certificate', { appCertificate: 'f'.repeat(32) }],
  ])('should reject %s', (_name, change) => {
    expect(verifyDynamicKey5(parseDynamicKey5(MEDIA), { ...target, ...change })).toBe(false);
  });

  it('should reject a key whose permission was changed', () => {
    const forged = { ...parseDynamicKey5(NO_UPLOAD), extra: [[1, '3']] as Array<[number, string]> };
    expect(verifyDynamicKey5(forged, target)).toBe(false);
  });

  it('should refuse an invalid certificate or uid rather than answer false', () => {
    const parsed = parseDynamicKey5(MEDIA);
    expect(codeOf(() => verifyDynamicKey5(parsed, { ...target, appCertificate: 'x' }))).toBe(
      'ERR_APP_CERTIFICATE_INVALID',
    );
    expect(codeOf(() => verifyDynamicKey5(parsed, { ...target, uid: 2 ** 32 }))).toBe(
      'ERR_UID_INVALID',
    );
  });

  it('should verify every key it builds (round trip)', () => {
    const u32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 64 }),
        u32,
        u32,
        u32,
        u32,
        (channelName, uid, unixTs, randomInt, expiredTs) => {
          const options = { ...BASE, channelName, uid, unixTs, randomInt, expiredTs };
          const parsed = parseDynamicKey5(buildDynamicKey5RecordingKey(options));
          expect([parsed.unixTs, parsed.randomInt, parsed.expiredTs]).toEqual([
            unixTs,
            randomInt,
            expiredTs,
          ]);
          expect(verifyDynamicKey5(parsed, { ...target, channelName, uid })).toBe(true);
        },
      ),
    );
  });
});
