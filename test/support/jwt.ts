import {
  createHmac,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  sign as signWithKey,
} from 'node:crypto';
import { TEST_AUDIENCE, TEST_ISSUER, TEST_JWT_SECRET } from './test-env';

export type TestAlgorithm = 'HS256' | 'RS256' | 'ES256' | 'EdDSA';

export interface SignOptions {
  /** Default HS256 with TEST_JWT_SECRET. */
  readonly alg?: TestAlgorithm;
  /** HMAC secret (string or bytes) for HS256, private key otherwise. */
  readonly key?: string | Buffer | KeyObject;
  readonly kid?: string;
  /** Extra or overriding header members (e.g. `{ alg: 'none' }` to lie about the algorithm). */
  readonly header?: Readonly<Record<string, unknown>>;
  /** Lifetime; `null` leaves `exp` out. Default 300. */
  readonly ttlSeconds?: number | null;
  /** `iat`; `null` leaves it out. Default now. */
  readonly iat?: number | null;
}

/** Default claims of a caller JWT: `iss`, `aud`, `sub` (override or remove with `undefined`). */
export const DEFAULT_CLAIMS = { iss: TEST_ISSUER, aud: TEST_AUDIENCE, sub: 'user-1' } as const;

/**
 * Signs a caller JWT with node:crypto directly (no library refusing odd inputs), so tests can
 * build exactly the token they want. Claims set to `undefined` are left out.
 */
export function signCallerJwt(
  claims: Readonly<Record<string, unknown>> = {},
  options: SignOptions = {},
): string {
  const alg = options.alg ?? 'HS256';
  const now = Math.floor(Date.now() / 1000);
  const iat = options.iat === undefined ? now : options.iat;
  const ttl = options.ttlSeconds === undefined ? 300 : options.ttlSeconds;
  const payload: Record<string, unknown> = {
    ...DEFAULT_CLAIMS,
    ...(iat === null ? {} : { iat }),
    ...(ttl === null ? {} : { exp: (iat ?? now) + ttl }),
    ...claims,
  };
  const header = {
    alg,
    typ: 'JWT',
    ...(options.kid === undefined ? {} : { kid: options.kid }),
    ...options.header,
  };
  const input = `${encodeJson(header)}.${encodeJson(payload)}`;
  return `${input}.${signature(alg, input, options.key ?? TEST_JWT_SECRET).toString('base64url')}`;
}

/** A token from raw parts: `alg: none`, garbled segments, hand-written JSON. */
export function rawJwt(header: unknown, payloadJson: string, signature = ''): string {
  return `${encodeJson(header)}.${Buffer.from(payloadJson).toString('base64url')}.${signature}`;
}

export interface TestSigningKey {
  readonly alg: Exclude<TestAlgorithm, 'HS256'>;
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The public JWK as a JWKS publishes it (`kid`, `alg`, `use` set). */
  readonly jwk: JsonWebKey;
  /** The public key as PEM (SPKI). */
  readonly pem: string;
}

/** A fresh key pair generated in the test. */
export function generateSigningKey(alg: TestSigningKey['alg'], kid = `${alg}-key`): TestSigningKey {
  const { privateKey, publicKey } =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : alg === 'ES256'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('ed25519');
  return {
    alg,
    kid,
    privateKey,
    publicKey,
    jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' },
    pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

/** Signs with a generated key, `kid` and `alg` taken from it. */
export function signWith(
  key: TestSigningKey,
  claims: Readonly<Record<string, unknown>> = {},
  options: Omit<SignOptions, 'alg' | 'key'> = {},
): string {
  return signCallerJwt(claims, { kid: key.kid, ...options, alg: key.alg, key: key.privateKey });
}

function signature(alg: TestAlgorithm, input: string, key: string | Buffer | KeyObject): Buffer {
  const data = Buffer.from(input);
  switch (alg) {
    case 'HS256':
      return createHmac('sha256', key).update(data).digest();
    case 'RS256':
      return signWithKey('sha256', data, key);
    case 'ES256':
      return signWithKey('sha256', data, { key: key as KeyObject, dsaEncoding: 'ieee-p1363' });
    case 'EdDSA':
      return signWithKey(null, data, key);
  }
}

function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
