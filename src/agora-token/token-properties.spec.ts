import fc from 'fast-check';
import { TokenError } from './errors';
import { inspectToken } from './inspect-token';
import { buildToken, type ServiceSpec } from './token-spec';

const hex32 = fc.stringMatching(/^[0-9a-fA-F]{32}$/);
const u32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });
const text = fc.oneof(fc.string({ maxLength: 24 }), fc.string({ unit: 'grapheme', maxLength: 12 }));
// Account "123" and uid 123 are the same bytes, so accounts that read as a uid come back as one.
const account = text.filter((s) => s !== '' && !/^[1-9][0-9]{0,9}$/.test(s));

const privileges = (names: string[]) =>
  fc.dictionary(fc.constantFrom(...names), u32, { maxKeys: names.length });

const service: fc.Arbitrary<ServiceSpec> = fc.oneof(
  fc.record({
    service: fc.constant('rtc' as const),
    channel: text,
    uid: u32,
    privileges: privileges([
      'joinChannel',
      'publishAudioStream',
      'publishVideoStream',
      'publishDataStream',
    ]),
  }),
  fc.record({
    service: fc.constant('rtc' as const),
    channel: text,
    account,
    privileges: privileges(['joinChannel', 'publishAudioStream']),
  }),
  fc.record({
    service: fc.constant('rtm' as const),
    userId: text,
    privileges: privileges(['login']),
  }),
  fc.record({
    service: fc.constant('rtm2' as const),
    userId: text,
    privileges: privileges(['login']),
    permissions: fc
      .uniqueArray(
        fc.record({
          resource: fc.constantFrom(
            'messageChannels',
            'streamChannels',
            'groupChannels',
            'serverGroups',
            'users',
          ),
          permission: fc.constantFrom('read', 'write'),
          names: fc.array(text, { maxLength: 4 }),
        }),
        { selector: (p) => `${p.resource}/${p.permission}`, maxLength: 4 },
      )
      .map((list) => {
        const order = [
          'messageChannels',
          'streamChannels',
          'groupChannels',
          'serverGroups',
          'users',
        ];
        const rank = (p: { resource: string; permission: string }) =>
          order.indexOf(p.resource) * 2 + (p.permission === 'write' ? 1 : 0);
        return list.sort((a, b) => rank(a) - rank(b));
      }),
  }),
  fc.record({
    service: fc.constant('chat' as const),
    userId: text,
    privileges: privileges(['user', 'app']),
  }),
  fc.record({ service: fc.constant('fpa' as const), privileges: privileges(['login']) }),
  fc.record({
    service: fc.constant('apaas' as const),
    roomUuid: text,
    userUuid: text,
    role: fc.integer({ min: -32768, max: 32767 }),
    privileges: privileges(['roomUser', 'user', 'app']),
  }),
  fc.record({
    service: fc.constantFrom('streaming' as const),
    channel: text,
    account: text,
    privileges: privileges(['publishMixStream', 'publishRawStream']),
  }),
  fc.record({
    service: fc.constantFrom('fcdn' as const),
    channel: text,
    account: text,
    privileges: privileges(['publish', 'play']),
  }),
  fc.record({
    service: fc.constantFrom('convoai' as const, 'stt' as const),
    privileges: fc.constant({}),
  }),
);

const TYPE_ORDER = [
  'rtc',
  'rtm',
  'streaming',
  'fpa',
  'chat',
  'fcdn',
  'apaas',
  'rtm2',
  'convoai',
  'stt',
];

const spec = fc.record({
  appId: hex32,
  appCertificate: hex32,
  issuedAt: u32,
  expire: u32,
  salt: u32,
  compression: fc.constantFrom('stored' as const, 'zlib' as const, 'canonical' as const),
  services: fc.array(service, { minLength: 1, maxLength: 5 }),
});

describe('token properties', () => {
  it('should round-trip every valid spec through buildToken and inspectToken', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const inspected = inspectToken(buildToken(s), { appCertificate: s.appCertificate });
        // Services come back in packed order: a stable sort by service type.
        const packed = [...s.services].sort(
          (a, b) => TYPE_ORDER.indexOf(a.service) - TYPE_ORDER.indexOf(b.service),
        );
        expect(inspected).toEqual({
          version: '007',
          appId: s.appId,
          issuedAt: s.issuedAt,
          expire: s.expire,
          salt: s.salt,
          services: packed,
          signatureValid: true,
        });
      }),
      { numRuns: 400 },
    );
  });

  const mutation = fc.oneof(
    fc.record({
      kind: fc.constant('replace' as const),
      at: fc.nat(),
      char: fc.constantFrom(...'AZaz09+/=-_!'),
    }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      char: fc.constantFrom(...'Aa0+/='),
    }),
    fc.record({
      kind: fc.constant('flip' as const),
      at: fc.nat(),
      bit: fc.integer({ min: 0, max: 7 }),
    }),
  );

  type Mutation = { kind: string; at: number; char?: string; bit?: number };

  function mutate(token: string, m: Mutation): string {
    const body = token.slice(3);
    const at = m.at % (body.length + 1);
    switch (m.kind) {
      case 'replace':
        return `007${body.slice(0, at)}${m.char ?? ''}${body.slice(at + 1)}`;
      case 'truncate':
        return `007${body.slice(0, at)}`;
      case 'insert':
        return `007${body.slice(0, at)}${m.char ?? ''}${body.slice(at)}`;
      default: {
        const bytes = Buffer.from(body, 'base64');
        bytes[m.at % bytes.length]! ^= 1 << (m.bit ?? 0);
        return `007${bytes.toString('base64')}`;
      }
    }
  }

  it('should answer any corruption with a TokenError or a failed signature, never anything else', () => {
    fc.assert(
      fc.property(spec, mutation, (s, m) => {
        const token = buildToken(s);
        const corrupt = mutate(token, m);
        fc.pre(corrupt !== token);
        try {
          const inspected = inspectToken(corrupt, { appCertificate: s.appCertificate });
          if (inspected.signatureValid) {
            // Only a change the signature does not cover (e.g. in the compression framing) may pass,
            // and then the content must be exactly what was signed.
            expect(inspected).toEqual(inspectToken(token, { appCertificate: s.appCertificate }));
          }
        } catch (error) {
          expect(error).toBeInstanceOf(TokenError);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
