import { type KeyObject, verify as verifySignature } from 'node:crypto';
import { verify as jsonwebtokenVerify, type VerifyOptions } from 'jsonwebtoken';
import { AuthRejection } from './auth-rejection';

type VerifyCallback = (error: Error | null, decoded?: unknown) => void;

/**
 * passport-jwt's verifier, extended with EdDSA. jsonwebtoken 9 has no EdDSA, so Ed25519/Ed448 keys
 * are verified here with node:crypto; every other key goes to jsonwebtoken unchanged (which pins
 * the algorithm list and checks the key type against `alg`).
 *
 * The EdDSA path checks the signature and the `alg` pin only: registered claims (`exp`, `nbf`,
 * `iss`, `aud`) are checked for every algorithm by `checkCallerJwt()` in the strategy.
 */
export function verifyJwt(
  token: string,
  key: KeyObject,
  options: VerifyOptions,
  callback: VerifyCallback,
): void {
  const type = key.asymmetricKeyType;
  if (type !== 'ed25519' && type !== 'ed448') {
    jsonwebtokenVerify(token, key, options, callback);
    return;
  }
  let decoded: { header: Record<string, unknown>; payload: unknown; signature: string };
  try {
    decoded = verifyEdDsa(token, key, options.algorithms ?? []);
  } catch (error) {
    callback(error instanceof Error ? error : new AuthRejection('invalid token'));
    return;
  }
  callback(null, options.complete ? decoded : decoded.payload);
}

function verifyEdDsa(token: string, key: KeyObject, algorithms: readonly string[]) {
  const parts = token.split('.');
  if (parts.length !== 3) {
    throw new AuthRejection('jwt malformed');
  }
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
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
