import fc from 'fast-check';
import {
  buildAccessToken006,
  parseAccessToken006,
  Privilege006,
  verifyAccessToken006,
  type AccessToken006Options,
} from './access-token-006';
import { encodeBase64 } from './base64';
import { codeOf } from '../../test/support/token-error';

// Known answers copied from test/fixtures/agora-token-vectors.json (006-uid-number, 006-uid-zero, 006-uid-string-zero,
// 006-publisher-4-privileges, 006-rtm-login), so a clone without the vector file checks exact bytes.
const APP_ID = '970CA35de60c44645bbae8a215061b33';
const CERT = '5CFd2fd1755d40ecb72977518be15d3b';
const CHANNEL = '7d72365eb983485397e3e3f9d460bdda';
const EXPIRY = 1446455471;
const BASE: AccessToken006Options = {
  appId: APP_ID,
  appCertificate: CERT,
  channelName: CHANNEL,
  uid: 2882341273,
  salt: 1,
  ts: 1111111,
  privileges: [[Privilege006.JoinChannel, EXPIRY]],
};
const UID_NUMBER =
  '006970CA35de60c44645bbae8a215061b33IACV0fZUBw+72cVoL9eyGGh3Q6Poi8bgjwVLnyKSJyOXR7dIfRBXoFHlEAABAAAAR/QQAAEAAQCvKDdW';
const UID_ZERO =
  '006970CA35de60c44645bbae8a215061b33IACw1o7htY6ISdNRtku3p9tjTPi0jCKf9t49UHJhzCmL6bdIfRAAAAAAEAABAAAAR/QQAAEAAQCvKDdW';
const UID_STRING_ZERO =
  '006970CA35de60c44645bbae8a215061b33IABNRUO/126HmzFc+J8lQFfnkssUdUXqiePeE2WNZ7lyubdIfRAh39v0EAABAAAAR/QQAAEAAQCvKDdW';
const FOUR_PRIVILEGES =
  '006970CA35de60c44645bbae8a215061b33IACMv3I+fsRSejxy6luEwzA/1t/zbEHWfJCJ5m8ssFP/fLdIfRBXoFHlIgABAAAAR/QQAAQAAQCvKDdWAgCvKDdWAwCvKDdWBACvKDdW';
const RTM_LOGIN =
  '006970CA35de60c44645bbae8a215061b33IAAsR0qgiCxv0vrpRcpkz5BrbfEWCBZ6kvR6t7qG/wJIQob86ogAAAAAEAABAAAAR/QQAAEA6AOvKDdW';

/** The token with its base64 content replaced by `edit(content bytes)`. */
function withContent(token: string, edit: (content: Buffer) => Buffer): string {
  return token.slice(0, 35) + encodeBase64(edit(Buffer.from(token.slice(35), 'base64')));
}

describe(buildAccessToken006.name, () => {
  it.each([
    ['a number uid', {}, UID_NUMBER],
    ['its decimal string', { uid: '2882341273' }, UID_NUMBER],
    ['the number 0 (signed as "")', { uid: 0 }, UID_ZERO],
    ['the string "0" (kept as "0")', { uid: '0' }, UID_STRING_ZERO],
    [
      'an RTM login (channel = account, uid "")',
      { channelName: 'test_user', uid: '', privileges: [[1000, EXPIRY]] },
      RTM_LOGIN,
    ],
  ] as const)('should build the exact token for %s', (_name, change, expected) => {
    expect(buildAccessToken006({ ...BASE, ...change })).toBe(expected);
  });

  it('should pack privileges by ascending id whatever the input order, last duplicate winning', () => {
    const privileges: Array<[number, number]> = [
      [4, EXPIRY],
      [2, EXPIRY],
      [3, 1],
      [1, EXPIRY],
      [3, EXPIRY],
    ];
    expect(buildAccessToken006({ ...BASE, privileges })).toBe(FOUR_PRIVILEGES);
    expect(buildAccessToken006({ ...BASE, privileges: new Map(privileges) })).toBe(FOUR_PRIVILEGES);
  });

  it('should default ts to now + 86400 and salt to a random 1..99999999', () => {
    const before = Math.floor(Date.now() / 1000);
    const parsed = parseAccessToken006(
      buildAccessToken006({ ...BASE, salt: undefined, ts: undefined }),
    );
    const after = Math.floor(Date.now() / 1000);
    expect(parsed.ts).toBeGreaterThanOrEqual(before + 86400);
    expect(parsed.ts).toBeLessThanOrEqual(after + 86400);
    expect(parsed.salt).toBeGreaterThanOrEqual(1);
    expect(parsed.salt).toBeLessThanOrEqual(99999999);
  });

  it.each([
    ['an app id of 31 hex', { appId: APP_ID.slice(1) }, 'ERR_APP_ID_INVALID'],
    ['a non-hex app id', { appId: `${APP_ID.slice(1)}g` }, 'ERR_APP_ID_INVALID'],
    ['a missing app id', { appId: undefined }, 'ERR_APP_ID_INVALID'],
    ['a certificate of 33 hex', { appCertificate: `${CERT}0` }, 'ERR_APP_CERTIFICATE_INVALID'],
    [
      'a non-hex certificate',
      { appCertificate: CERT.replace('5', 'x') },
      'ERR_APP_CERTIFICATE_INVALID',
    ],
    ['uid -1', { uid: -1 }, 'ERR_UID_INVALID'],
    ['uid 2^32', { uid: 2 ** 32 }, 'ERR_UID_INVALID'],
    ['uid 1.5', { uid: 1.5 }, 'ERR_UID_INVALID'],
    ['uid NaN', { uid: NaN }, 'ERR_UID_INVALID'],
    ['a uid of 65536 bytes', { uid: '1'.repeat(65536) }, 'ERR_STRING_TOO_LONG'],
    ['a channel of 65536 ASCII bytes', { channelName: 'a'.repeat(65536) }, 'ERR_STRING_TOO_LONG'],
    ['a channel of 65536 UTF-8 bytes', { channelName: 'é'.repeat(32768) }, 'ERR_STRING_TOO_LONG'],
    ['a lone surrogate in the channel', { channelName: '\ud800' }, 'ERR_STRING_INVALID'],
    ['salt -1', { salt: -1 }, 'ERR_SALT_INVALID'],
    ['salt 2^32', { salt: 2 ** 32 }, 'ERR_SALT_INVALID'],
    ['ts 2^32', { ts: 2 ** 32 }, 'ERR_TIMESTAMP_INVALID'],
    ['ts -1', { ts: -1 }, 'ERR_TIMESTAMP_INVALID'],
    ['a privilege expiry of 2^32', { privileges: [[1, 2 ** 32]] }, 'ERR_EXPIRE_INVALID'],
    ['a privilege id of 65536', { privileges: [[65536, 1]] }, 'ERR_VALUE_INVALID'],
  ] as const)('should refuse %s', (_name, change, code) => {
    expect(codeOf(() => buildAccessToken006({ ...BASE, ...(change as object) }))).toBe(code);
  });

  it('should accept a 65535-byte channel name (the largest the length prefix holds)', () => {
    const token = buildAccessToken006({ ...BASE, channelName: 'a'.repeat(65535) });
    expect(
      verifyAccessToken006(parseAccessToken006(token), { ...BASE, channelName: 'a'.repeat(65535) }),
    ).toBe(true);
  });
});

describe(parseAccessToken006.name, () => {
  it('should decode every field of a known token', () => {
    const parsed = parseAccessToken006(FOUR_PRIVILEGES);
    expect({
      ...parsed,
      signature: parsed.signature.toString('hex'),
      message: parsed.message.toString('hex'),
    }).toEqual({
      version: '006',
      appId: APP_ID,
      signature: '8cbf723e7ec4527a3c72ea5b84c3303fd6dff36c41d67c9089e66f2cb053ff7c',
      crcChannelName: 276646071,
      crcUid: 3847331927,
      salt: 1,
      ts: 1111111,
      privileges: [
        [1, EXPIRY],
        [2, EXPIRY],
        [3, EXPIRY],
        [4, EXPIRY],
      ],
      // salt, ts, then the map: count 4 and [id u16, expiry u32] pairs.
      message:
        '01000000' +
        '47f41000' +
        '0400' +
        '0100af283756' +
        '0200af283756' +
        '0300af283756' +
        '0400af283756',
    });
  });

  it.each([
    ['a number', 42, 'ERR_TOKEN_MALFORMED'],
    ['null', null, 'ERR_TOKEN_MALFORMED'],
    ['an object', { token: UID_NUMBER }, 'ERR_TOKEN_MALFORMED'],
    ['an empty string', '', 'ERR_TOKEN_VERSION'],
    ['a 007 token', `007${UID_NUMBER.slice(3)}`, 'ERR_TOKEN_VERSION'],
    ['a short app id', UID_NUMBER.slice(0, 20), 'ERR_TOKEN_MALFORMED'],
    ['a non-hex app id', `006${'z'.repeat(32)}${UID_NUMBER.slice(35)}`, 'ERR_TOKEN_MALFORMED'],
    ['no content', UID_NUMBER.slice(0, 35), 'ERR_TOKEN_MALFORMED'],
    ['content that is not base64', `${UID_NUMBER}!`, 'ERR_TOKEN_ENCODING'],
    ['url-safe base64', UID_NUMBER.replace('+', '-'), 'ERR_TOKEN_ENCODING'],
    [
      'truncated content',
      withContent(UID_NUMBER, (c) => c.subarray(0, c.length - 1)),
      'ERR_TOKEN_MALFORMED',
    ],
    [
      'trailing content bytes',
      withContent(UID_NUMBER, (c) => Buffer.concat([c, Buffer.of(0)])),
      'ERR_TOKEN_MALFORMED',
    ],
    [
      'a 31-byte signature',
      withContent(UID_NUMBER, (c) => Buffer.concat([Buffer.of(31, 0), c.subarray(3)])),
      'ERR_TOKEN_MALFORMED',
    ],
    [
      'trailing message bytes',
      withContent(UID_NUMBER, (c) =>
        Buffer.concat([c.subarray(0, 42), Buffer.of(17, 0), c.subarray(44), Buffer.of(0)]),
      ),
      'ERR_TOKEN_MALFORMED',
    ],
  ])('should refuse %s', (_name, token, code) => {
    expect(codeOf(() => parseAccessToken006(token))).toBe(code);
  });

  it('should answer any string with a parse or a TokenError, never another exception', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.base64String().map((b) => UID_NUMBER.slice(0, 35) + b),
        ),
        (text) => {
          expect(codeOf(() => parseAccessToken006(text))).not.toBe('not a TokenError');
        },
      ),
    );
  });
});

describe(verifyAccessToken006.name, () => {
  const parsed = parseAccessToken006(UID_NUMBER);
  const target = { appCertificate: CERT, channelName: CHANNEL, uid: 2882341273 };

  it('should accept the certificate, channel and uid the token was built for', () => {
    expect(verifyAccessToken006(parsed, target)).toBe(true);
    expect(verifyAccessToken006(parsed, { ...target, uid: '2882341273' })).toBe(true);
  });

  it.each([
    ['another channel', { channelName: `${CHANNEL}x` }],
    ['another uid', { uid: 2882341274 }],
    ['the wildcard uid', { uid: 0 }],
    ['another certificate', { appCertificate: CERT.replace('5', '6') }],
    [
      'the certificate in other case (it is signed as text)',
      { appCertificate: CERT.toLowerCase() },
    ],
  ])('should reject %s', (_name, change) => {
    expect(verifyAccessToken006(parsed, { ...target, ...change })).toBe(false);
  });

  it('should tell the number 0 (any user) from the string "0"', () => {
    expect(verifyAccessToken006(parseAccessToken006(UID_ZERO), { ...target, uid: 0 })).toBe(true);
    expect(verifyAccessToken006(parseAccessToken006(UID_ZERO), { ...target, uid: '0' })).toBe(
      false,
    );
    expect(
      verifyAccessToken006(parseAccessToken006(UID_STRING_ZERO), { ...target, uid: '0' }),
    ).toBe(true);
  });

  it('should reject a token whose signed message was altered', () => {
    // Raise ts by one: content offset 2+32+4+4+2 = 44 is the salt, 48 the ts.
    const forged = withContent(UID_NUMBER, (c) => Buffer.from(c).fill(c[48]! + 1, 48, 49));
    expect(parseAccessToken006(forged).ts).toBe(1111112);
    expect(verifyAccessToken006(parseAccessToken006(forged), target)).toBe(false);
  });

  it('should refuse an invalid certificate or uid rather than answer false', () => {
    expect(codeOf(() => verifyAccessToken006(parsed, { ...target, appCertificate: 'x' }))).toBe(
      'ERR_APP_CERTIFICATE_INVALID',
    );
    expect(codeOf(() => verifyAccessToken006(parsed, { ...target, uid: -1 }))).toBe(
      'ERR_UID_INVALID',
    );
  });

  it('should verify every token it builds (round trip)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 64 }),
        fc.oneof(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.string({ maxLength: 16 })),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 2 ** 32 - 1 })),
        ),
        (channelName, uid, salt, privileges) => {
          const options = { ...BASE, channelName, uid, salt, privileges };
          const parsed = parseAccessToken006(buildAccessToken006(options));
          expect(parsed.salt).toBe(salt);
          expect(parsed.privileges).toEqual([...new Map(privileges)].sort(([a], [b]) => a - b));
          expect(verifyAccessToken006(parsed, { appCertificate: CERT, channelName, uid })).toBe(
            true,
          );
        },
      ),
    );
  });
});
