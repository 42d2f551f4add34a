import fc from 'fast-check';
import {
  buildSignalingToken,
  parseSignalingToken,
  verifySignalingToken,
  type SignalingTokenOptions,
} from './signaling-token';
import { codeOf } from '../../test/support/token-error';

// Known answers copied from test/fixtures/agora-token-vectors.json (signaling-2882341273, signaling-testaccount).
const NUMERIC: SignalingTokenOptions = {
  appId: '970CA35de60c44645bbae8a215061b33',
  appCertificate: '5CFd2fd1755d40ecb72977518be15d3b',
  account: '2882341273',
  expiredTs: 1514219634,
};
const NUMERIC_TOKEN =
  '1:970CA35de60c44645bbae8a215061b33:1514219634:82539e1f3973bcfe3f0d0c8993e6c051';
const TEXT: SignalingTokenOptions = {
  appId: '970ca35de60c44645bbae8a215061b33',
  appCertificate: '5cfd2fd1755d40ecb72977518be15d3b',
  account: 'TestAccount',
  expiredTs: 1446455471,
};
const TEXT_TOKEN = '1:970ca35de60c44645bbae8a215061b33:1446455471:4815d52c4fd440bac35b981c12798774';

describe(buildSignalingToken.name, () => {
  it.each([
    ['a numeric account and mixed-case ids', NUMERIC, NUMERIC_TOKEN],
    ['a text account', TEXT, TEXT_TOKEN],
  ])('should build the exact token for %s', (_name, options, expected) => {
    expect(buildSignalingToken(options)).toBe(expected);
  });

  it('should sign the app id and certificate as text, so their case matters', () => {
    const token = buildSignalingToken({
      ...NUMERIC,
      appCertificate: NUMERIC.appCertificate.toLowerCase(),
    });
    expect(token).not.toBe(NUMERIC_TOKEN);
  });

  it.each([
    ['a bad app id', { appId: 'abc' }, 'ERR_APP_ID_INVALID'],
    ['a bad certificate', { appCertificate: null }, 'ERR_APP_CERTIFICATE_INVALID'],
    ['expiredTs -1', { expiredTs: -1 }, 'ERR_TIMESTAMP_INVALID'],
    ['expiredTs 2^32', { expiredTs: 2 ** 32 }, 'ERR_TIMESTAMP_INVALID'],
    ['a non-string account', { account: 2882341273 }, 'ERR_STRING_INVALID'],
    ['an account over 65535 bytes', { account: 'a'.repeat(65536) }, 'ERR_STRING_TOO_LONG'],
  ])('should refuse %s', (_name, change, code) => {
    expect(codeOf(() => buildSignalingToken({ ...NUMERIC, ...(change as object) }))).toBe(code);
  });
});

describe(parseSignalingToken.name, () => {
  it('should split a known token', () => {
    expect(parseSignalingToken(NUMERIC_TOKEN)).toEqual({
      version: '1',
      appId: NUMERIC.appId,
      expiredTs: 1514219634,
      signature: '82539e1f3973bcfe3f0d0c8993e6c051',
    });
  });

  const [, appId, expiry, md5] = NUMERIC_TOKEN.split(':');
  it.each([
    ['a non-string', [NUMERIC_TOKEN], 'ERR_TOKEN_MALFORMED'],
    ['another version', `2:${appId}:${expiry}:${md5}`, 'ERR_TOKEN_VERSION'],
    ['a 006 token', '006970CA35de60c44645bbae8a215061b33IACV0fZU', 'ERR_TOKEN_VERSION'],
    ['a missing part', `1:${appId}:${expiry}`, 'ERR_TOKEN_MALFORMED'],
    ['an extra part', `${NUMERIC_TOKEN}:x`, 'ERR_TOKEN_MALFORMED'],
    ['a short app id', `1:${appId!.slice(1)}:${expiry}:${md5}`, 'ERR_TOKEN_MALFORMED'],
    ['a non-hex app id', `1:${'z'.repeat(32)}:${expiry}:${md5}`, 'ERR_TOKEN_ENCODING'],
    ['an uppercase signature', `1:${appId}:${expiry}:${md5!.toUpperCase()}`, 'ERR_TOKEN_ENCODING'],
    ['a zero-padded expiry', `1:${appId}:0${expiry}:${md5}`, 'ERR_TOKEN_MALFORMED'],
    ['an expiry over 2^32-1', `1:${appId}:4294967296:${md5}`, 'ERR_TOKEN_MALFORMED'],
    ['a negative expiry', `1:${appId}:-1:${md5}`, 'ERR_TOKEN_MALFORMED'],
  ])('should refuse %s', (_name, token, code) => {
    expect(codeOf(() => parseSignalingToken(token))).toBe(code);
  });

  it('should answer any input with a parse or a TokenError, never another exception', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `1:${s}`),
        ),
        (text) => {
          expect(codeOf(() => parseSignalingToken(text))).not.toBe('not a TokenError');
        },
      ),
    );
  });
});

describe(verifySignalingToken.name, () => {
  it('should accept the certificate and account the token was built for', () => {
    expect(verifySignalingToken(parseSignalingToken(NUMERIC_TOKEN), NUMERIC)).toBe(true);
    expect(verifySignalingToken(parseSignalingToken(TEXT_TOKEN), TEXT)).toBe(true);
  });

  it.each([
    ['another account', { account: '2882341274' }],
    ['another certificate', { appCertificate: TEXT.appCertificate }],
  ])('should reject %s', (_name, change) => {
    expect(
      verifySignalingToken(parseSignalingToken(NUMERIC_TOKEN), { ...NUMERIC, ...change }),
    ).toBe(false);
  });

  it('should reject a token whose expiry was extended', () => {
    const forged = { ...parseSignalingToken(NUMERIC_TOKEN), expiredTs: 1514219635 };
    expect(verifySignalingToken(forged, NUMERIC)).toBe(false);
  });

  it('should refuse an invalid certificate rather than answer false', () => {
    const parsed = parseSignalingToken(NUMERIC_TOKEN);
    expect(codeOf(() => verifySignalingToken(parsed, { ...NUMERIC, appCertificate: '' }))).toBe(
      'ERR_APP_CERTIFICATE_INVALID',
    );
  });
});
