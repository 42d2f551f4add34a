import { type ChannelTemplate, parseChannelTemplate } from '../config/channel-template';
import { AuthRejection } from './auth-rejection';
import type { CallerClaims } from './caller-claims';
import { type ClaimMapping, expandTemplate, sessionFromClaims } from './session-from-claims';

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
