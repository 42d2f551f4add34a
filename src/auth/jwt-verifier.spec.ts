import {
  createHmac,
  createSecretKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
} from 'node:crypto';
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

  it('should verify HS256 through jsonwebtoken with a KeyObject secret', () => {
    const secret = createSecretKey(Buffer.from('s'.repeat(32)));
    const input = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(PAYLOAD)}`;
    const token = `${input}.${createHmac('sha256', 's'.repeat(32)).update(input).digest('base64url')}`;
    expect(verify(token, secret, ['HS256'])).toEqual({ error: null, decoded: PAYLOAD });
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
