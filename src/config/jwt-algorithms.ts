import type { KeyObject } from 'node:crypto';

const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
const PSS_ALGORITHMS = ['PS256', 'PS384', 'PS512'] as const;
const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512', ...PSS_ALGORITHMS] as const;
const ASYMMETRIC_ALGORITHMS = [...RSA_ALGORITHMS, 'ES256', 'ES384', 'ES512'] as const;

export type HmacAlgorithm = (typeof HMAC_ALGORITHMS)[number];
export type AsymmetricAlgorithm = (typeof ASYMMETRIC_ALGORITHMS)[number];
export type JwtAlgorithm = HmacAlgorithm | AsymmetricAlgorithm;

export const JWT_ALGORITHMS: readonly JwtAlgorithm[] = [
  ...HMAC_ALGORITHMS,
  ...ASYMMETRIC_ALGORITHMS,
];

/** No EdDSA: jsonwebtoken (behind passport-jwt) cannot verify it. */
export const DEFAULT_ASYMMETRIC_ALGORITHMS: readonly AsymmetricAlgorithm[] = ['RS256', 'ES256'];

/** RFC 7518 §3.2: an HMAC key at least as long as the hash output. */
export const HMAC_MIN_SECRET_BYTES: Readonly<Record<HmacAlgorithm, number>> = {
  HS256: 32,
  HS384: 48,
  HS512: 64,
};

/** Smallest RSA modulus accepted from a PEM or a JWKS (NIST SP 800-131A). */
const RSA_MIN_MODULUS_BITS = 2048;

export const isJwtAlgorithm = (value: string): value is JwtAlgorithm =>
  JWT_ALGORITHMS.includes(value as JwtAlgorithm);

export const isHmacAlgorithm = (value: string): value is HmacAlgorithm =>
  HMAC_ALGORITHMS.includes(value as HmacAlgorithm);

const EC_CURVE_ALGORITHM: Readonly<Record<string, AsymmetricAlgorithm>> = {
  prime256v1: 'ES256',
  secp384r1: 'ES384',
  secp521r1: 'ES512',
};

/**
 * The JWS algorithms a public key can verify; none for secret keys, EdDSA and X keys (no EdDSA in
 * jsonwebtoken), secp256k1 and RSA below 2048 bits.
 */
export function algorithmsForKey(key: KeyObject): AsymmetricAlgorithm[] {
  const { modulusLength = 0, namedCurve = '' } = key.asymmetricKeyDetails ?? {};
  const curve = EC_CURVE_ALGORITHM[namedCurve];
  const strongRsa = modulusLength >= RSA_MIN_MODULUS_BITS;
  if (key.type !== 'public') {
    return [];
  }
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return strongRsa ? [...RSA_ALGORITHMS] : [];
    case 'rsa-pss':
      return strongRsa ? [...PSS_ALGORITHMS] : [];
    case 'ec':
      return curve ? [curve] : [];
    default:
      return [];
  }
}
