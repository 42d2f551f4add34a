import { buildAccessToken2, parseAccessToken2, verifyAccessToken2 } from './access-token2';
import type { Service } from './services';
import { codeOf } from '../../test/support/token-error';

// Inline known answers (vector 007-rtc-uid-number in test/fixtures/agora-token-vectors.json).
const APP_ID = '970CA35de60c44645bbae8a215061b33';
const CERT = '5CFd2fd1755d40ecb72977518be15d3b';
const CHANNEL = '7d72365eb983485397e3e3f9d460bdda';
const RTC: Service = { type: 1, privileges: [[1, 600]], channelName: CHANNEL, uid: 2882341273 };
const CANONICAL =
  '007eJxTYBBbsMMnKq7p9Hf/HcIX5kce9b518kCiQgSr5Zrp4X1Tu6UUGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxNDcwMk4yN3b8IMEQwMTAwMoAwBIL4CgzmKeZGxmamqUmWFsYmFqbGluapxqnGaZYpJmYGSSkpiVwMRhYWRsYmhkbmxgDCaiTj';
const STORED =
  '007eJwBigB1/yAAFqC4TFpegsv3T7gT0J9ZxUvaycBhIFgFOayXV46VixogADk3MENBMzVkZTYwYzQ0NjQ1YmJhZThhMjE1MDYxYjMzR/QQAFgCAAABAAAAAQABAAEAAQBYAgAAIAA3ZDcyMzY1ZWI5ODM0ODUzOTdlM2UzZjlkNDYwYmRkYQoAMjg4MjM0MTI3M8JqJOM=';

const base = { appId: APP_ID, appCertificate: CERT, issuedAt: 1111111, salt: 1, expire: 600 };

describe(buildAccessToken2.name, () => {
  it('should reproduce the canonical and the stored known answers', () => {
    expect(buildAccessToken2({ ...base, services: [RTC], compression: 'canonical' })).toBe(
      CANONICAL,
    );
    expect(buildAccessToken2({ ...base, services: [RTC], compression: 'zlib' })).toBe(CANONICAL);
    expect(buildAccessToken2({ ...base, services: [RTC] })).toBe(STORED);
  });

  it('should give the same token for uid 2882341273 and account "2882341273"', () => {
    const asText = buildAccessToken2({ ...base, services: [{ ...RTC, uid: '2882341273' }] });
    expect(asText).toBe(STORED);
  });

  it('should write uid 0 as "" and keep the string "0"', () => {
    const zero = parseAccessToken2(buildAccessToken2({ ...base, services: [{ ...RTC, uid: 0 }] }));
    const text = parseAccessToken2(
      buildAccessToken2({ ...base, services: [{ ...RTC, uid: '0' }] }),
    );
    expect(zero.services[0]).toMatchObject({ uid: '' });
    expect(text.services[0]).toMatchObject({ uid: '0' });
  });

  it('should default issuedAt to now and salt to 1..99999999', () => {
    const before = Math.floor(Date.now() / 1000);
    const parsed = parseAccessToken2(
      buildAccessToken2({ appId: APP_ID, appCertificate: CERT, expire: 60, services: [RTC] }),
    );
    expect(parsed.issuedAt).toBeGreaterThanOrEqual(before);
    expect(parsed.issuedAt).toBeLessThanOrEqual(before + 2);
    expect(parsed.salt).toBeGreaterThanOrEqual(1);
    expect(parsed.salt).toBeLessThanOrEqual(99_999_999);
  });

  it.each([
    ['an app id of 31 hex', { appId: APP_ID.slice(1) }, 'ERR_APP_ID_INVALID'],
    ['an app id with a newline', { appId: `${APP_ID}\n` }, 'ERR_APP_ID_INVALID'],
    [
      'a certificate that is not hex',
      { appCertificate: 'z'.repeat(32) },
      'ERR_APP_CERTIFICATE_INVALID',
    ],
    ['a negative expire', { expire: -1 }, 'ERR_EXPIRE_INVALID'],
    ['a fractional expire', { expire: 1.5 }, 'ERR_EXPIRE_INVALID'],
    ['an expire over 2^32-1', { expire: 2 ** 32 }, 'ERR_EXPIRE_INVALID'],
    ['a negative issuedAt', { issuedAt: -5 }, 'ERR_TIMESTAMP_INVALID'],
    ['a salt over 2^32-1', { salt: 2 ** 32 }, 'ERR_SALT_INVALID'],
    ['no service', { services: [] }, 'ERR_NO_SERVICE'],
    ['a uid of 2^32', { services: [{ ...RTC, uid: 2 ** 32 }] }, 'ERR_UID_INVALID'],
    ['a uid of -1', { services: [{ ...RTC, uid: -1 }] }, 'ERR_UID_INVALID'],
    ['a uid of 1.5', { services: [{ ...RTC, uid: 1.5 }] }, 'ERR_UID_INVALID'],
    ['a NaN uid', { services: [{ ...RTC, uid: Number.NaN }] }, 'ERR_UID_INVALID'],
    [
      'a channel of 65536 bytes',
      { services: [{ ...RTC, channelName: 'a'.repeat(65536) }] },
      'ERR_STRING_TOO_LONG',
    ],
    [
      'a channel with a lone surrogate',
      { services: [{ ...RTC, channelName: 'a\ud800' }] },
      'ERR_STRING_INVALID',
    ],
    [
      'a privilege over 2^32-1',
      { services: [{ ...RTC, privileges: [[1, 2 ** 32]] }] },
      'ERR_EXPIRE_INVALID',
    ],
    [
      'a privilege id of 65536',
      { services: [{ ...RTC, privileges: [[65536, 1]] }] },
      'ERR_VALUE_INVALID',
    ],
    [
      'an APaaS role of 40000',
      { services: [{ type: 7, privileges: [], roomUuid: '', userUuid: '', role: 40000 }] },
      'ERR_VALUE_INVALID',
    ],
    ['a service type of -1', { services: [{ type: -1, privileges: [] }] }, 'ERR_VALUE_INVALID'],
  ] as const)('should reject %s', (_what, override, code) => {
    expect(codeOf(() => buildAccessToken2({ ...base, services: [RTC], ...override }))).toBe(code);
  });

  it('should accept a 65535-byte channel (the largest a u16 prefix holds)', () => {
    const token = buildAccessToken2({
      ...base,
      services: [{ ...RTC, channelName: 'b'.repeat(65535) }],
    });
    expect(parseAccessToken2(token).services[0]).toMatchObject({ channelName: 'b'.repeat(65535) });
  });

  it('should never echo the certificate in an error', () => {
    const secret = 'Q'.repeat(32);
    try {
      buildAccessToken2({ ...base, appCertificate: secret, services: [RTC] });
      throw new Error('expected a TokenError');
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(secret);
    }
  });
});

describe(parseAccessToken2.name, () => {
  it('should read the known answer and verify it against its certificate only', () => {
    const parsed = parseAccessToken2(STORED);
    expect(parsed).toMatchObject({ appId: APP_ID, issuedAt: 1111111, expire: 600, salt: 1 });
    expect(parsed.services).toEqual([
      { type: 1, privileges: [[1, 600]], channelName: CHANNEL, uid: '2882341273' },
    ]);
    expect(verifyAccessToken2(parsed, CERT)).toBe(true);
    expect(verifyAccessToken2(parsed, CERT.toLowerCase())).toBe(false);
    expect(verifyAccessToken2(parseAccessToken2(CANONICAL), CERT)).toBe(true);
  });

  it('should refuse to verify against a malformed certificate', () => {
    expect(codeOf(() => verifyAccessToken2(parseAccessToken2(STORED), 'short'))).toBe(
      'ERR_APP_CERTIFICATE_INVALID',
    );
  });

  it.each([
    ['a number', 7, 'ERR_TOKEN_MALFORMED'],
    ['a wrong version', '006invalid', 'ERR_TOKEN_VERSION'],
    ['an empty string', '', 'ERR_TOKEN_VERSION'],
    ['bad base64', '007invalid', 'ERR_TOKEN_ENCODING'],
    ['url-safe base64', STORED.replace(/\+/g, '-').replace(/\//g, '_'), 'ERR_TOKEN_ENCODING'],
    ['a truncated zlib stream', '007eJxTYLC/xv0i87343FLb46KrG9gPxT+Vj8pojqvt', 'ERR_TOKEN_INFLATE'],
    ['a token cut short', STORED.slice(0, 100), 'ERR_TOKEN_ENCODING'],
  ] as const)('should reject %s', (_what, token, code) => {
    expect(codeOf(() => parseAccessToken2(token))).toBe(code);
  });

  it('should reject a payload that inflates beyond the bound', () => {
    expect(codeOf(() => parseAccessToken2(STORED, { maxPayloadBytes: 100 }))).toBe(
      'ERR_TOKEN_INFLATE_LIMIT',
    );
  });

  it('should stop at an unknown service type and keep what came before', () => {
    const token = buildAccessToken2({
      ...base,
      services: [RTC, { type: 999, privileges: [[1, 600]] }],
    });
    const parsed = parseAccessToken2(token);
    expect(parsed.services).toHaveLength(1);
    expect(parsed.unknownServiceType).toBe(999);
    expect(verifyAccessToken2(parsed, CERT)).toBe(true);
  });

  it('should keep services of one type in insertion order', () => {
    const second: Service = { ...RTC, channelName: 'second' };
    const parsed = parseAccessToken2(
      buildAccessToken2({
        ...base,
        services: [{ type: 2, privileges: [], userId: 'u' }, RTC, second],
      }),
    );
    expect(
      parsed.services.map((s) => [s.type, (s as { channelName?: string }).channelName]),
    ).toEqual([
      [1, CHANNEL],
      [1, 'second'],
      [2, undefined],
    ]);
  });

  it('should detect a flipped signature bit', () => {
    const parsed = parseAccessToken2(STORED);
    parsed.signature[5]! ^= 1;
    expect(verifyAccessToken2(parsed, CERT)).toBe(false);
  });
});
