import { FORBIDDEN_CLAIM_NAMES } from '../config/channel-template';
import { AuthRejection } from './auth-rejection';

/** What `checkCallerJwt` enforces beyond the signature. */
export interface ClaimRules {
  readonly issuer: string;
  readonly audience: string;
  readonly clockToleranceSeconds: number;
  readonly maxLifetimeSeconds: number;
}

/** A payload that passed `checkCallerJwt`: read other claims with `ownClaim()`. */
export type CallerClaims = Readonly<Record<string, unknown>> & {
  readonly iss: string;
  readonly sub: string;
  readonly exp: number;
};

/**
 * Checks a verified JWT (`{ header, payload }`, as jsonwebtoken returns it with `complete: true`)
 * against the rules jsonwebtoken leaves out or leaves optional: `exp` required, bounded lifetime,
 * `iat` not in the future, non-empty string `sub`, no prototype-named claims, no `crit` header.
 * `iss`, `aud`, `exp` and `nbf` are checked again here so that every algorithm (EdDSA is verified
 * outside jsonwebtoken) gets exactly the same rules. Throws `AuthRejection`.
 */
export function checkCallerJwt(
  decoded: unknown,
  rules: ClaimRules,
  nowSeconds: number,
): CallerClaims {
  if (!isRecord(decoded) || !isRecord(decoded.header) || !isRecord(decoded.payload)) {
    throw new AuthRejection('payload is not a JSON object');
  }
  if (Object.hasOwn(decoded.header, 'crit')) {
    // RFC 7515 §4.1.11: we understand no extensions, so a critical one must be refused.
    throw new AuthRejection('crit header not supported');
  }
  const claims = decoded.payload;
  for (const name of FORBIDDEN_CLAIM_NAMES) {
    if (Object.hasOwn(claims, name)) {
      throw new AuthRejection(`forbidden claim name ${name}`);
    }
  }
  const tolerance = rules.clockToleranceSeconds;
  const exp = ownClaim(claims, 'exp');
  if (!isFiniteNumber(exp)) {
    throw new AuthRejection('exp missing or not a number');
  }
  if (nowSeconds >= exp + tolerance) {
    throw new AuthRejection('expired');
  }
  const nbf = ownClaim(claims, 'nbf');
  if (nbf !== undefined && (!isFiniteNumber(nbf) || nbf > nowSeconds + tolerance)) {
    throw new AuthRejection('nbf invalid or in the future');
  }
  const iat = ownClaim(claims, 'iat');
  if (iat !== undefined && !isFiniteNumber(iat)) {
    throw new AuthRejection('iat not a number');
  }
  if (iat !== undefined && iat > nowSeconds + tolerance) {
    throw new AuthRejection('iat in the future');
  }
  if (exp - (iat ?? nowSeconds) > rules.maxLifetimeSeconds) {
    throw new AuthRejection('lifetime exceeds AUTH_MAX_JWT_LIFETIME_SECONDS');
  }
  const iss = ownClaim(claims, 'iss');
  if (typeof iss !== 'string' || iss !== rules.issuer) {
    throw new AuthRejection('iss missing or not the configured issuer');
  }
  const aud = ownClaim(claims, 'aud');
  const audiences = Array.isArray(aud) ? (aud as unknown[]) : [aud];
  if (!audiences.includes(rules.audience)) {
    throw new AuthRejection('aud does not include the configured audience');
  }
  const sub = ownClaim(claims, 'sub');
  if (typeof sub !== 'string' || sub === '') {
    throw new AuthRejection('sub missing or not a non-empty string');
  }
  return claims as CallerClaims;
}

/** A claim the payload itself carries; never one inherited from `Object.prototype`. */
export function ownClaim(claims: Readonly<Record<string, unknown>>, name: string): unknown {
  return Object.hasOwn(claims, name) ? claims[name] : undefined;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
