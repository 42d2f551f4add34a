import {
  createHmac,
  type KeyObject,
  timingSafeEqual,
  verify as verifySignature,
} from 'node:crypto';
import { verify as jsonwebtokenVerify, type VerifyOptions } from 'jsonwebtoken';
import { AuthRejection } from './auth-rejection';

type VerifyCallback = (error: Error | null, decoded?: unknown) => void;

/** HMAC algorithm of each JWS `alg` we verify ourselves (RFC 7518 §3.2). */
const HMAC_DIGESTS: Readonly<Record<string, string>> = {
  HS256: 'sha256',
  HS384: 'sha384',
  HS512: 'sha512',
};

/**
 * passport-jwt's verifier, extended with EdDSA and a lean HMAC path. Secret keys (HS256/384/512)
 * and Ed25519/Ed448 keys are verified here with node:crypto; every other key (RS*, ES*, PS*) goes
 * to jsonwebtoken unchanged (which pins the algorithm list and checks the key type against `alg`).
 * jsonwebtoken 9 has no EdDSA, and on the HS256 hot path its decode/verify layers (jws, jwa)
 * cost three times the HMAC itself (profiled: 8 % of a token request).
 *
 * The paths here check the signature and the `alg` pin only: registered claims (`exp`, `nbf`,
 * `iss`, `aud`) are checked for every algorithm by `checkCallerJwt()` in the strategy.
 */
export function verifyJwt(
  token: string,
  key: KeyObject,
  options: VerifyOptions,
  callback: VerifyCallback,
): void {
  const algorithms = options.algorithms ?? [];
  let decoded: DecodedJwt;
  try {
    if (key.type === 'secret') {
      decoded = verifyHmac(token, key, algorithms);
    } else if (key.asymmetricKeyType === 'ed25519' || key.asymmetricKeyType === 'ed448') {
      decoded = verifyEdDsa(token, key, algorithms);
    } else {
      jsonwebtokenVerify(token, key, options, callback);
      return;
    }
  } catch (error) {
    callback(error instanceof Error ? error : new AuthRejection('invalid token'));
    return;
  }
  callback(null, options.complete ? decoded : decoded.payload);
}

interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: string;
}

/**
 * HS256/384/512 with a secret KeyObject. The signature must be exactly the canonical unpadded
 * base64url of the HMAC (as jws requires), compared in constant time.
 */
function verifyHmac(token: string, key: KeyObject, algorithms: readonly string[]): DecodedJwt {
  const [headerPart, payloadPart, signaturePart] = splitJwt(token);
  const header = decodeJwtSegment(headerPart);
  const alg = header.alg;
  const digest =
    typeof alg === 'string' && Object.hasOwn(HMAC_DIGESTS, alg) ? HMAC_DIGESTS[alg] : undefined;
  if (digest === undefined || !algorithms.includes(alg as string)) {
    // An asymmetric alg with a shared secret is the classic confusion attack: never accepted.
    throw new AuthRejection('invalid algorithm');
  }
  const expected = Buffer.from(
    createHmac(digest, key).update(`${headerPart}.${payloadPart}`).digest('base64url'),
    'latin1',
  );
  const actual = Buffer.from(signaturePart, 'latin1');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new AuthRejection('invalid signature');
  }
  return { header, payload: decodeJwtSegment(payloadPart), signature: signaturePart };
}

function splitJwt(token: string): [string, string, string] {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3) {
    throw new AuthRejection('jwt malformed');
  }
  return parts as [string, string, string];
}

function verifyEdDsa(token: string, key: KeyObject, algorithms: readonly string[]): DecodedJwt {
  const [headerPart, payloadPart, signaturePart] = splitJwt(token);
  const header = decodeJwtSegment(headerPart);
  if (header.alg !== 'EdDSA' || !algorithms.includes('EdDSA')) {
    throw new AuthRejection('invalid algorithm');
  }
  const signature = decodeBase64Url(signaturePart);
  const signed = Buffer.from(`${headerPart}.${payloadPart}`, 'ascii');
  if (!signature || !verifySignature(null, signed, key, signature)) {
    throw new AuthRejection('invalid signature');
  }
  return { header, payload: decodeJwtSegment(payloadPart), signature: signaturePart };
}

/** Decodes a JWT header or payload segment to a JSON object; throws `AuthRejection` otherwise. */
export function decodeJwtSegment(segment: string): Record<string, unknown> {
  const bytes = decodeBase64Url(segment);
  let value: unknown;
  try {
    value = bytes ? JSON.parse(bytes.toString('utf8')) : undefined;
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AuthRejection('jwt malformed');
  }
  return value as Record<string, unknown>;
}

/** Strict base64url (Buffer's decoder silently skips invalid characters). */
function decodeBase64Url(text: string): Buffer | undefined {
  return /^[A-Za-z0-9_-]*$/.test(text) ? Buffer.from(text, 'base64url') : undefined;
}
