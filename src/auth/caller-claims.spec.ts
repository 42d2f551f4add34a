import { AuthRejection } from './auth-rejection';
import { checkCallerJwt, type ClaimRules, ownClaim } from './caller-claims';

const NOW = 1_700_000_000;
const RULES: ClaimRules = {
  issuer: 'https://issuer.test',
  audience: 'tokens',
  clockToleranceSeconds: 30,
  maxLifetimeSeconds: 3600,
};

const payload = (overrides: Record<string, unknown> = {}) => {
  const claims: Record<string, unknown> = {
    iss: RULES.issuer,
    aud: RULES.audience,
    sub: 'alice',
    iat: NOW - 10,
    exp: NOW + 600,
    ...overrides,
  };
  for (const [key, value] of Object.entries(claims)) {
    if (value === undefined) {
      delete claims[key];
    }
  }
  return claims;
};
const check = (claims: unknown, header: Record<string, unknown> = { alg: 'HS256' }) =>
  checkCallerJwt({ header, payload: claims, signature: 'x' }, RULES, NOW);

describe(checkCallerJwt.name, () => {
  it('should return the claims of a valid token', () => {
    expect(check(payload())).toMatchObject({ sub: 'alice', exp: NOW + 600 });
  });

  it.each([
    ['an audience list that includes ours', { aud: ['other', 'tokens'] }],
    ['an expiry within the clock tolerance', { exp: NOW - 29 }],
    ['an iat within the clock tolerance', { iat: NOW + 30 }],
    ['no iat and exp within the maximum lifetime', { iat: undefined, exp: NOW + 3600 }],
    ['a lifetime exactly at the maximum', { iat: NOW - 100, exp: NOW - 100 + 3600 }],
    ['an nbf within the tolerance', { nbf: NOW + 30 }],
  ])('should accept %s', (_case, overrides) => {
    expect(() => check(payload(overrides))).not.toThrow();
  });

  it.each([
    ['a non-object payload', 'just a string', 'payload is not a JSON object'],
    ['an array payload', [1, 2], 'payload is not a JSON object'],
    ['no exp', payload({ exp: undefined }), 'exp missing or not a number'],
    ['a string exp', payload({ exp: String(NOW + 600) }), 'exp missing or not a number'],
    ['an expired token', payload({ exp: NOW - 31 }), 'expired'],
    ['an nbf in the future', payload({ nbf: NOW + 31 }), 'nbf invalid or in the future'],
    ['a string nbf', payload({ nbf: 'soon' }), 'nbf invalid or in the future'],
    ['a string iat', payload({ iat: 'now' }), 'iat not a number'],
    ['an iat in the future', payload({ iat: NOW + 31, exp: NOW + 600 }), 'iat in the future'],
    [
      'a lifetime over the maximum',
      payload({ iat: NOW - 10, exp: NOW - 10 + 3601 }),
      'lifetime exceeds AUTH_MAX_JWT_LIFETIME_SECONDS',
    ],
    [
      'no iat and an exp too far away',
      payload({ iat: undefined, exp: NOW + 3601 }),
      'lifetime exceeds AUTH_MAX_JWT_LIFETIME_SECONDS',
    ],
    [
      'another issuer',
      payload({ iss: 'https://evil.test' }),
      'iss missing or not the configured issuer',
    ],
    ['no issuer', payload({ iss: undefined }), 'iss missing or not the configured issuer'],
    [
      'an issuer list',
      payload({ iss: [RULES.issuer] }),
      'iss missing or not the configured issuer',
    ],
    ['another audience', payload({ aud: 'other' }), 'aud does not include the configured audience'],
    ['no audience', payload({ aud: undefined }), 'aud does not include the configured audience'],
    ['no sub', payload({ sub: undefined }), 'sub missing or not a non-empty string'],
    ['an empty sub', payload({ sub: '' }), 'sub missing or not a non-empty string'],
    ['a numeric sub', payload({ sub: 7 }), 'sub missing or not a non-empty string'],
    ['a __proto__ claim', JSON.parse('{"__proto__":{"x":1}}'), 'forbidden claim name __proto__'],
    ['a constructor claim', payload({ constructor: {} }), 'forbidden claim name constructor'],
    ['a prototype claim', payload({ prototype: 1 }), 'forbidden claim name prototype'],
  ])('should refuse %s', (_case, claims, reason) => {
    expect(() => check(claims)).toThrow(new AuthRejection(reason));
  });

  it('should refuse a crit header', () => {
    expect(() => check(payload(), { alg: 'HS256', crit: ['b64'] })).toThrow(
      new AuthRejection('crit header not supported'),
    );
  });

  it('should not read claims inherited from Object.prototype', () => {
    const claims = payload({ sub: undefined });
    expect(ownClaim(claims, 'toString')).toBeUndefined();
    expect(ownClaim(claims, 'hasOwnProperty')).toBeUndefined();
  });
});
