import { loadConfig } from '../config/load-config';
import { DEFAULT_JWT_TYPES } from '../config/auth.config';
import { type ChannelTemplate, parseChannelTemplate } from '../config/channel-template';
import { type AuthFailureReason, AuthRejection } from './auth-rejection';
import {
  type CallerClaims,
  checkCallerJwt,
  type ClaimMapping,
  type ClaimRules,
  expandTemplate,
  ownClaim,
  readJwtHeader,
  sessionFromClaims,
} from './caller-claims';

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

const template = (source: string) => parseChannelTemplate(source) as ChannelTemplate;

const MAPPING: ClaimMapping = {
  claims: {
    uid: 'agora_uid',
    account: 'agora_account',
    channels: 'agora_channels',
    kind: 'agora_kind',
  },
  channelTemplates: [template('user-{sub}'), template('team-{team_id}-*')],
};

const claims = (extra: Record<string, unknown> = {}): CallerClaims => ({
  iss: 'https://issuer.test',
  sub: 'alice',
  aud: 'tokens',
  exp: 1_700_000_600,
  ...extra,
});

describe(sessionFromClaims.name, () => {
  it('should build the session of a plain user', () => {
    const session = sessionFromClaims(claims(), MAPPING);
    expect(session).toEqual({
      issuer: 'https://issuer.test',
      subject: 'alice',
      principal: 'https://issuer.test\nalice',
      kind: 'user',
      scopes: new Set(),
      binding: { account: 'alice' },
      channelGrants: ['user-alice'],
      expiresAt: 1_700_000_600,
    });
  });

  it('should key the principal unambiguously by iss and sub', () => {
    const a = sessionFromClaims(claims({ iss: 'https://a.test', sub: 'b:c' }), MAPPING);
    const b = sessionFromClaims(claims({ iss: 'https://a.test:b', sub: 'c' }), MAPPING);
    expect(a.principal).not.toBe(b.principal);
  });

  it.each([
    ['the kind claim says service', { agora_kind: 'service' }, 'service'],
    ['the kind claim says something else', { agora_kind: 'Service' }, 'user'],
    ['the kind claim is not a string', { agora_kind: true }, 'user'],
  ])('should decide the kind when %s', (_case, extra, kind) => {
    expect(sessionFromClaims(claims(extra), MAPPING).kind).toBe(kind);
  });

  describe('binding', () => {
    it.each([1, 1001, 2 ** 32 - 1])('should bind the uid %d', (uid) => {
      expect(sessionFromClaims(claims({ agora_uid: uid }), MAPPING).binding.uid).toBe(uid);
    });

    it.each([0, -1, 2 ** 32, 1.5, '1001', null, true, [1001], Number.MAX_SAFE_INTEGER])(
      'should refuse the uid claim %j',
      (uid) => {
        expect(() => sessionFromClaims(claims({ agora_uid: uid }), MAPPING)).toThrow(AuthRejection);
      },
    );

    it('should bind the account claim, else sub', () => {
      expect(sessionFromClaims(claims({ agora_account: 'bob' }), MAPPING).binding.account).toBe(
        'bob',
      );
      expect(sessionFromClaims(claims({ agora_account: '' }), MAPPING).binding.account).toBe(
        'alice',
      );
      expect(sessionFromClaims(claims({ agora_account: 42 }), MAPPING).binding.account).toBe(
        'alice',
      );
    });

    it('should use the configured claim names', () => {
      const mapping: ClaimMapping = {
        claims: { uid: 'https://x.test/uid', account: 'acct', channels: 'rooms', kind: 'typ' },
        channelTemplates: [],
      };
      const session = sessionFromClaims(
        claims({
          'https://x.test/uid': 7,
          acct: 'bob',
          rooms: ['r1'],
          typ: 'service',
          agora_uid: 9,
        }),
        mapping,
      );
      expect(session).toMatchObject({
        kind: 'service',
        binding: { uid: 7, account: 'bob' },
        channelGrants: ['r1'],
      });
    });
  });

  describe('scopes', () => {
    it('should merge scope, scp and permissions', () => {
      const session = sessionFromClaims(
        claims({
          scope: 'rtc:publish  tokens:inspect',
          scp: ['chat:app'],
          permissions: ['admin', 'rtc:publish'],
        }),
        MAPPING,
      );
      expect([...session.scopes].sort()).toEqual([
        'admin',
        'chat:app',
        'rtc:publish',
        'tokens:inspect',
      ]);
    });

    it('should accept scp as a space-separated string (Azure AD)', () => {
      expect([...sessionFromClaims(claims({ scp: 'a b' }), MAPPING).scopes]).toEqual(['a', 'b']);
    });

    it.each([
      ['a numeric scope', { scope: 1 }],
      ['a scp list with a number', { scp: ['a', 2] }],
      ['permissions as an object', { permissions: { admin: true } }],
    ])('should refuse %s', (_case, extra) => {
      expect(() => sessionFromClaims(claims(extra), MAPPING)).toThrow(AuthRejection);
    });
  });

  describe('channel grants', () => {
    it('should merge the channel claim with the expanded templates, without duplicates', () => {
      const session = sessionFromClaims(
        claims({ agora_channels: ['demo-*', 'user-alice', 'lobby'], team_id: 42 }),
        MAPPING,
      );
      expect(session.channelGrants).toEqual(['demo-*', 'user-alice', 'lobby', 'team-42-*']);
      expect(Object.isFrozen(session.channelGrants)).toBe(true);
    });

    it.each([
      ['a string', 'demo-*'],
      ['a list with a number', ['a', 1]],
      ['a list with an empty name', ['']],
      ['a * in the middle', ['a*b']],
    ])('should refuse a channel claim that is %s', (_case, value) => {
      expect(() => sessionFromClaims(claims({ agora_channels: value }), MAPPING)).toThrow(
        AuthRejection,
      );
    });
  });
});

describe(expandTemplate.name, () => {
  const team = template('team-{team_id}-*');

  it.each([
    ['a string', 'blue', 'team-blue-*'],
    ['a number', 7, 'team-7-*'],
    ['a value with spaces', 'a b', 'team-a b-*'],
  ])('should expand %s', (_case, value, grant) => {
    expect(expandTemplate(team, claims({ team_id: value }))).toBe(grant);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['a wildcard', '*'],
    ['containing *', 'blue*'],
    ['a boolean', true],
    ['an object', { id: 1 }],
    ['an array', ['blue']],
    ['null', null],
  ])('should skip the template when the claim is %s', (_case, value) => {
    expect(
      expandTemplate(team, claims(value === undefined ? {} : { team_id: value })),
    ).toBeUndefined();
  });

  it('should never read inherited properties as claims', () => {
    expect(expandTemplate(template('x-{valueOf}'), claims())).toBeUndefined();
    expect(expandTemplate(template('x-{toString}'), claims())).toBeUndefined();
  });

  it('should expand a template without placeholders to itself', () => {
    expect(expandTemplate(template('lobby'), claims())).toBe('lobby');
  });
});

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const bytes = (text: string) => Buffer.from(text, 'latin1').toString('base64url');
const HEADER = segment({ alg: 'HS256', typ: 'JWT' });
const PAYLOAD = segment({ sub: 'alice' });

describe(readJwtHeader.name, () => {
  it('should return the header of a well-formed token', () => {
    expect(readJwtHeader(`${HEADER}.${PAYLOAD}.c2ln`)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(readJwtHeader(`${segment({ sub: 'é', kid: 'k' })}.${segment({ n: 'ü' })}.`)).toEqual({
      sub: 'é',
      kid: 'k',
    });
  });

  it.each([
    ['two segments', `${HEADER}.${PAYLOAD}`],
    ['four segments', `${HEADER}.${PAYLOAD}.c2ln.x`],
    ['an empty header', `.${PAYLOAD}.c2ln`],
    ['an empty payload', `${HEADER}..c2ln`],
    ['standard base64 in the header', `${HEADER}+.${PAYLOAD}.c2ln`],
    ['padding in the payload', `${HEADER}.${PAYLOAD}=.c2ln`],
    ['a payload that is not UTF-8', `${HEADER}.${bytes('{"sub":"ali\xffce"}')}.c2ln`],
    ['a lone surrogate encoded as UTF-8', `${HEADER}.${bytes('{"sub":"\xed\xa0\x80"}')}.c2ln`],
    ['a header that is not UTF-8', `${bytes('{"alg":"HS256","x":"\xc3"}')}.${PAYLOAD}.c2ln`],
    ['a header that is not JSON', `${bytes('{alg')}.${PAYLOAD}.c2ln`],
    ['an array header', `${segment(['HS256'])}.${PAYLOAD}.c2ln`],
    ['a null header', `${segment(null)}.${PAYLOAD}.c2ln`],
    ['a payload with a UTF-8 BOM', `${HEADER}.${bytes('\xef\xbb\xbf{"sub":"alice"}')}.c2ln`],
    ['a JSON string payload', `${HEADER}.${segment('alice')}.c2ln`],
    ['a payload that is not JSON', `${HEADER}.${bytes('alice')}.c2ln`],
  ])('should refuse %s as MALFORMED', (_case, token) => {
    expect(reasonOf(() => readJwtHeader(token))).toBe('MALFORMED');
  });
});
