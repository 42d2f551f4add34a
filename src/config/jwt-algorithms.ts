import type { KeyObject } from 'node:crypto';

/** HMAC algorithms: a shared secret (`AUTH_JWT_SECRET`). */
export const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;

const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const;
const PSS_ALGORITHMS = ['PS256', 'PS384', 'PS512'] as const;

/** Public-key algorithms: a JWKS URL or a PEM public key. */
export const ASYMMETRIC_ALGORITHMS = [...RSA_ALGORITHMS, 'ES256', 'ES384', 'ES512'] as const;

export type HmacAlgorithm = (typeof HMAC_ALGORITHMS)[number];
export type AsymmetricAlgorithm = (typeof ASYMMETRIC_ALGORITHMS)[number];
export type JwtAlgorithm = HmacAlgorithm | AsymmetricAlgorithm;

export const JWT_ALGORITHMS: readonly JwtAlgorithm[] = [
  ...HMAC_ALGORITHMS,
  ...ASYMMETRIC_ALGORITHMS,
];

/**
 * Default allowlist for key-based deployments. No EdDSA: jsonwebtoken (behind passport-jwt) cannot
 * verify it, and we do not replace its verifier.
 */
export const DEFAULT_ASYMMETRIC_ALGORITHMS: readonly AsymmetricAlgorithm[] = ['RS256', 'ES256'];

/** RFC 7518 §3.2: an HMAC key at least as long as the hash output. */
export const HMAC_MIN_SECRET_BYTES: Readonly<Record<HmacAlgorithm, number>> = {
  HS256: 32,
  HS384: 48,
  HS512: 64,
};

/** Smallest RSA modulus accepted from a PEM or a JWKS (NIST SP 800-131A). */
export const RSA_MIN_MODULUS_BITS = 2048;

export function isJwtAlgorithm(value: string): value is JwtAlgorithm {
  return (JWT_ALGORITHMS as readonly string[]).includes(value);
}

export function isHmacAlgorithm(value: string): value is HmacAlgorithm {
  return (HMAC_ALGORITHMS as readonly string[]).includes(value);
}

const EC_CURVE_ALGORITHM: Readonly<Record<string, AsymmetricAlgorithm>> = {
  prime256v1: 'ES256',
  secp384r1: 'ES384',
  secp521r1: 'ES512',
};

/**
 * The JWS algorithms a public key can verify; empty for keys we never accept (secret keys, X25519,
 * Ed25519 and Ed448 (no EdDSA in jsonwebtoken), secp256k1, RSA below 2048 bits).
 */
export function algorithmsForKey(key: KeyObject): AsymmetricAlgorithm[] {
  if (key.type !== 'public') {
    return [];
  }
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return (details.modulusLength ?? 0) >= RSA_MIN_MODULUS_BITS ? [...RSA_ALGORITHMS] : [];
    case 'rsa-pss':
      return (details.modulusLength ?? 0) >= RSA_MIN_MODULUS_BITS ? [...PSS_ALGORITHMS] : [];
    case 'ec': {
      const alg = EC_CURVE_ALGORITHM[details.namedCurve ?? ''];
      return alg ? [alg] : [];
    }
    case 'ed25519':
    case 'ed448':
    case 'dsa':
    case 'x25519':
    case 'x448':
    case undefined:
      return [];
  }
}
