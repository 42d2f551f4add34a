import {
  createHmac,
  createSecretKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
} from 'node:crypto';
import fc from 'fast-check';
import { type Algorithm, sign as jwtSign, verify as jwtVerify } from 'jsonwebtoken';
import { AuthRejection } from './auth-rejection';
import { decodeJwtSegment, verifyJwt } from './jwt-verifier';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const PAYLOAD = { sub: 'alice', exp: 4_000_000_000 };

function edToken(
  privateKey: KeyObject,
  header: Record<string, unknown> = { alg: 'EdDSA' },
): string {
  const input = `${encode(header)}.${encode(PAYLOAD)}`;
  return `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
}

function verify(token: string, key: KeyObject, algorithms: string[], complete = false) {
  let result: { error: Error | null; decoded?: unknown } = { error: null };
  verifyJwt(token, key, { algorithms: algorithms as never, complete }, (error, decoded) => {
    result = { error, decoded };
  });
  return result;
}

describe(verifyJwt.name, () => {
  const ed = generateKeyPairSync('ed25519');
  const ed448 = generateKeyPairSync('ed448');

  it('should verify Ed25519 and Ed448 signatures', () => {
    expect(verify(edToken(ed.privateKey), ed.publicKey, ['EdDSA'])).toEqual({
      error: null,
      decoded: PAYLOAD,
    });
    expect(verify(edToken(ed448.privateKey), ed448.publicKey, ['EdDSA']).decoded).toEqual(PAYLOAD);
  });

  it('should return header and payload when asked for the complete token', () => {
    const { decoded } = verify(edToken(ed.privateKey), ed.publicKey, ['EdDSA'], true);
    expect(decoded).toMatchObject({ header: { alg: 'EdDSA' }, payload: PAYLOAD });
  });

  it.each([
    [
      'another key',
      () => edToken(generateKeyPairSync('ed25519').privateKey),
      ['EdDSA'],
      'invalid signature',
    ],
    ['EdDSA not allowed', () => edToken(ed.privateKey), ['RS256'], 'invalid algorithm'],
    [
      'a header claiming another alg',
      () => edToken(ed.privateKey, { alg: 'RS256' }),
      ['EdDSA', 'RS256'],
      'invalid algorithm',
    ],
    [
      'alg none',
      () => `${encode({ alg: 'none' })}.${encode(PAYLOAD)}.`,
      ['EdDSA'],
      'invalid algorithm',
    ],
    [
      'an empty signature',
      () => `${encode({ alg: 'EdDSA' })}.${encode(PAYLOAD)}.`,
      ['EdDSA'],
      'invalid signature',
    ],
    [
      'a non-base64url signature',
      () => `${edToken(ed.privateKey)}!`,
      ['EdDSA'],
      'invalid signature',
    ],
    [
      'two segments',
      () => `${encode({ alg: 'EdDSA' })}.${encode(PAYLOAD)}`,
      ['EdDSA'],
      'jwt malformed',
    ],
    [
      'a header that is not JSON',
      () => `bm90IGpzb24.${encode(PAYLOAD)}.c2ln`,
      ['EdDSA'],
      'jwt malformed',
    ],
  ])('should refuse %s', (_case, token, algorithms, reason) => {
    const { error } = verify(token(), ed.publicKey, algorithms);
    expect(error).toEqual(new AuthRejection(reason));
  });

  it('should hand other keys to jsonwebtoken, which refuses HS256 with a public key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = rsa.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const input = `${encode({ alg: 'HS256' })}.${encode(PAYLOAD)}`;
    const forged = `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
    expect(verify(forged, rsa.publicKey, ['HS256', 'RS256']).error?.name).toBe('JsonWebTokenError');
  });
});

describe(`${verifyJwt.name} with a shared secret (HS256/384/512, verified with node:crypto)`, () => {
  const SECRET = 's3cret-'.repeat(6);
  const key = createSecretKey(Buffer.from(SECRET));
  const ALL = ['HS256', 'HS384', 'HS512'];
  const hs = (alg: Algorithm, payload: object = PAYLOAD, secret = SECRET) =>
    jwtSign(payload, secret, { algorithm: alg, noTimestamp: true });
  /** jsonwebtoken's verdict on the same input: the reference our path must never be laxer than. */
  const reference = (token: string, algorithms: string[]) => {
    try {
      jwtVerify(token, key, { algorithms: algorithms as Algorithm[] });
      return true;
    } catch {
      return false;
    }
  };

  it.each(['HS256', 'HS384', 'HS512'] as const)(
    'should verify %s tokens signed by jsonwebtoken, complete or not',
    (alg) => {
      const token = hs(alg);
      expect(verify(token, key, ALL)).toEqual({ error: null, decoded: PAYLOAD });
      expect(verify(token, key, ALL, true).decoded).toEqual({
        header: { alg, typ: 'JWT' },
        payload: PAYLOAD,
        signature: token.split('.')[2],
      });
    },
  );

  const input = `${encode({ alg: 'HS256' })}.${encode(PAYLOAD)}`;
  const mac = createHmac('sha256', SECRET).update(input).digest('base64url');
  it.each([
    ['another secret', () => hs('HS256', PAYLOAD, 'x'.repeat(40)), ALL, 'invalid signature'],
    ['an alg outside the pin', () => hs('HS512'), ['HS256'], 'invalid algorithm'],
    [
      'an asymmetric alg with the secret (algorithm confusion)',
      () => `${encode({ alg: 'RS256' })}.${encode(PAYLOAD)}.${mac}`,
      ['HS256', 'RS256'],
      'invalid algorithm',
    ],
    ['alg none', () => `${encode({ alg: 'none' })}.${encode(PAYLOAD)}.`, ALL, 'invalid algorithm'],
    ['a missing alg', () => `${encode({})}.${encode(PAYLOAD)}.${mac}`, ALL, 'invalid algorithm'],
    [
      'an inherited alg name',
      () => `${encode({ alg: 'constructor' })}.${encode(PAYLOAD)}.${mac}`,
      ['constructor'],
      'invalid algorithm',
    ],
    ['an empty signature', () => `${input}.`, ALL, 'invalid signature'],
    ['a padded signature', () => `${input}.${mac}=`, ALL, 'invalid signature'],
    [
      'a standard-base64 signature',
      () => `${input}.${mac.replace(/-/g, '+')}+`,
      ALL,
      'invalid signature',
    ],
    [
      'a signature one character short',
      () => `${input}.${mac.slice(0, -1)}`,
      ALL,
      'invalid signature',
    ],
    ['two segments', () => input, ALL, 'jwt malformed'],
    ['four segments', () => `${input}.${mac}.x`, ALL, 'jwt malformed'],
  ])('should refuse %s', (_case, token, algorithms, reason) => {
    expect(verify(token(), key, algorithms)).toEqual({ error: new AuthRejection(reason) });
    expect(reference(token(), algorithms)).toBe(false);
  });

  it('should refuse a payload that is not a JSON object (jsonwebtoken would pass it on)', () => {
    const body = `${encode({ alg: 'HS256' })}.${Buffer.from('"x"').toString('base64url')}`;
    const token = `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
    expect(verify(token, key, ALL)).toEqual({ error: new AuthRejection('jwt malformed') });
  });

  it('should refuse every one-character change of a valid token, as jsonwebtoken does', () => {
    const token = hs('HS256', { ...PAYLOAD, agora_channels: ['room-1'] });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';
    fc.assert(
      fc.property(fc.nat(token.length - 1), fc.constantFrom(...alphabet), (at, char) => {
        fc.pre(token[at] !== char);
        const changed = `${token.slice(0, at)}${char}${token.slice(at + 1)}`;
        expect(verify(changed, key, ALL).error).toBeInstanceOf(AuthRejection);
        expect(reference(changed, ALL)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('should accept exactly what jsonwebtoken accepts over random payloads and algorithms', () => {
    fc.assert(
      fc.property(
        // Private claim names only: registered ones (exp, nbf, ...) are checkCallerJwt's job.
        fc.dictionary(
          fc.string({ minLength: 1, maxLength: 8 }).map((name) => `c_${name}`),
          fc.jsonValue(),
          { maxKeys: 6 },
        ),
        fc.constantFrom<Algorithm>('HS256', 'HS384', 'HS512'),
        fc.subarray(ALL, { minLength: 1 }),
        (claims, alg, algorithms) => {
          const token = hs(alg, { ...claims, sub: 'alice' });
          expect(verify(token, key, algorithms).error === null).toBe(reference(token, algorithms));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe(decodeJwtSegment.name, () => {
  it('should decode a JSON object segment', () => {
    expect(decodeJwtSegment(encode({ alg: 'RS256', kid: 'k' }))).toEqual({
      alg: 'RS256',
      kid: 'k',
    });
  });

  it.each([
    ['an array', encode([1])],
    ['a string', encode('x')],
    ['null', encode(null)],
    ['invalid base64url', 'e30='],
    ['invalid JSON', Buffer.from('{').toString('base64url')],
  ])('should refuse %s', (_case, segment) => {
    expect(() => decodeJwtSegment(segment)).toThrow(AuthRejection);
  });
});
