import { loadConfig } from '../config/load-config';
import { DEFAULT_JWT_TYPES } from '../config/auth.config';
import { type AuthFailureReason, AuthRejection } from './auth-rejection';
import { checkCallerJwt, type ClaimRules, ownClaim } from './caller-claims';

const NOW = 1_700_000_000;
const RULES: ClaimRules = {
  issuer: 'https://issuer.test',
  audience: 'tokens',
  clockToleranceSeconds: 30,
  maxJwtLifetimeSeconds: 3600,
  types: { absent: true, values: new Set(['jwt', 'at+jwt']) },
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
    ['a non-object payload', 'just a string', 'MALFORMED'],
    ['an array payload', [1, 2], 'MALFORMED'],
    ['no exp', payload({ exp: undefined }), 'MISSING_CLAIM'],
    ['a string exp', payload({ exp: String(NOW + 600) }), 'MALFORMED'],
    ['an expired token', payload({ exp: NOW - 31 }), 'TOKEN_EXPIRED'],
    ['an nbf in the future', payload({ nbf: NOW + 31 }), 'NOT_YET_VALID'],
    ['a string nbf', payload({ nbf: 'soon' }), 'MALFORMED'],
    ['a string iat', payload({ iat: 'now' }), 'MALFORMED'],
    ['an iat in the future', payload({ iat: NOW + 31, exp: NOW + 600 }), 'ISSUED_IN_FUTURE'],
    [
      'a lifetime over the maximum',
      payload({ iat: NOW - 10, exp: NOW - 10 + 3601 }),
      'LIFETIME_TOO_LONG',
    ],
    [
      'no iat and an exp too far away',
      payload({ iat: undefined, exp: NOW + 3601 }),
      'LIFETIME_TOO_LONG',
    ],
    ['another issuer', payload({ iss: 'https://evil.test' }), 'WRONG_ISSUER'],
    ['no issuer', payload({ iss: undefined }), 'WRONG_ISSUER'],
    ['an issuer list', payload({ iss: [RULES.issuer] }), 'WRONG_ISSUER'],
    ['another audience', payload({ aud: 'other' }), 'WRONG_AUDIENCE'],
    ['no audience', payload({ aud: undefined }), 'WRONG_AUDIENCE'],
    ['no sub', payload({ sub: undefined }), 'MISSING_CLAIM'],
    ['an empty sub', payload({ sub: '' }), 'MISSING_CLAIM'],
    ['a numeric sub', payload({ sub: 7 }), 'MISSING_CLAIM'],
    ['a __proto__ claim', JSON.parse('{"__proto__":{"x":1}}'), 'FORBIDDEN_CLAIM'],
    ['a constructor claim', payload({ constructor: {} }), 'FORBIDDEN_CLAIM'],
    ['a prototype claim', payload({ prototype: 1 }), 'FORBIDDEN_CLAIM'],
  ])('should refuse %s', (_case, claims, reason) => {
    expect(reasonOf(() => check(claims))).toBe(reason);
  });

  it('should refuse a crit header', () => {
    expect(reasonOf(() => check(payload(), { alg: 'HS256', crit: ['b64'] }))).toBe(
      'CRITICAL_HEADER',
    );
  });

  it.each([undefined, 'JWT', 'jwt', 'application/JWT', 'at+jwt', 'AT+JWT', 'application/at+jwt'])(
    'should accept typ %j with the default allowlist',
    (typ) => {
      expect(() => check(payload(), { alg: 'HS256', typ })).not.toThrow();
    },
  );

  it.each(['id_token+jwt', 'refresh+jwt', 'logout+jwt', 'secevent+jwt', 'dpop+jwt', '', 7, null])(
    'should refuse typ %j (another kind of token, RFC 8725 §3.11)',
    (typ) => {
      expect(reasonOf(() => check(payload(), { alg: 'HS256', typ }))).toBe('WRONG_TYPE');
    },
  );

  it('should build the default allowlist from AUTH_JWT_TYPES', () => {
    const typesOf = (vars: Record<string, string>) => loadConfig(vars).auth.types;
    expect(DEFAULT_JWT_TYPES).toBe('absent,JWT,at+jwt');
    expect(typesOf({})).toEqual(RULES.types);
    expect(typesOf({ AUTH_JWT_TYPES: 'application/AT+JWT' })).toEqual({
      absent: false,
      values: new Set(['at+jwt']),
    });
  });

  it('should not read claims inherited from Object.prototype', () => {
    const claims = payload({ sub: undefined });
    expect(ownClaim(claims, 'toString')).toBeUndefined();
    expect(ownClaim(claims, 'hasOwnProperty')).toBeUndefined();
  });
});

function reasonOf(run: () => unknown): AuthFailureReason | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof AuthRejection ? error.reason : undefined;
  }
  return undefined;
}
