import { FORBIDDEN_CLAIM_NAMES } from '../config/channel-template';
import { type AuthConfig, type JwtTypes, jwtTypeKey } from '../config/auth.config';
import { AuthRejection } from './auth-rejection';
import { isJsonObject } from './jwt-header';

/** The settings `checkCallerJwt` enforces. */
export type ClaimRules = Pick<
  AuthConfig,
  'issuer' | 'audience' | 'clockToleranceSeconds' | 'maxJwtLifetimeSeconds' | 'types'
>;

/** A payload that passed `checkCallerJwt`: read other claims with `ownClaim()`. */
export type CallerClaims = Readonly<Record<string, unknown>> & {
  readonly iss: string;
  readonly sub: string;
  readonly exp: number;
};

/**
 * Every rule on a JWT whose signature jsonwebtoken has verified (`{ header, payload }`, as it
 * returns it with `complete: true`), each checked once, here, with its own code: `typ` allowlist,
 * no `crit`, no prototype-named claims, `exp` required and not past, `nbf` and `iat` not in the
 * future, bounded lifetime, the pinned `iss` and `aud`, a non-empty string `sub`. Throws
 * `AuthRejection`.
 */
export function checkCallerJwt(
  decoded: unknown,
  rules: ClaimRules,
  nowSeconds: number,
): CallerClaims {
  if (!isJsonObject(decoded) || !isJsonObject(decoded.header) || !isJsonObject(decoded.payload)) {
    throw new AuthRejection('MALFORMED', 'payload is not a JSON object');
  }
  checkType(ownClaim(decoded.header, 'typ'), rules.types);
  if (Object.hasOwn(decoded.header, 'crit')) {
    // RFC 7515 §4.1.11: we understand no extensions, so a critical one must be refused.
    throw new AuthRejection('CRITICAL_HEADER', 'crit header not supported');
  }
  const claims = decoded.payload;
  for (const name of FORBIDDEN_CLAIM_NAMES) {
    if (Object.hasOwn(claims, name)) {
      throw new AuthRejection('FORBIDDEN_CLAIM', `forbidden claim name ${name}`);
    }
  }
  const tolerance = rules.clockToleranceSeconds;
  const exp = timeClaim(claims, 'exp');
  const nbf = timeClaim(claims, 'nbf');
  const iat = timeClaim(claims, 'iat');
  if (exp === undefined) {
    throw new AuthRejection('MISSING_CLAIM', 'exp missing');
  }
  if (nowSeconds >= exp + tolerance) {
    throw new AuthRejection('TOKEN_EXPIRED', 'expired');
  }
  if (nbf !== undefined && nbf > nowSeconds + tolerance) {
    throw new AuthRejection('NOT_YET_VALID', 'nbf in the future');
  }
  if (iat !== undefined && iat > nowSeconds + tolerance) {
    throw new AuthRejection('ISSUED_IN_FUTURE', 'iat in the future');
  }
  if (exp - (iat ?? nowSeconds) > rules.maxJwtLifetimeSeconds) {
    throw new AuthRejection('LIFETIME_TOO_LONG', 'lifetime exceeds AUTH_MAX_JWT_LIFETIME_SECONDS');
  }
  if (ownClaim(claims, 'iss') !== rules.issuer) {
    throw new AuthRejection('WRONG_ISSUER', 'iss missing or not the configured issuer');
  }
  const aud = ownClaim(claims, 'aud');
  if (!(Array.isArray(aud) ? (aud as unknown[]) : [aud]).includes(rules.audience)) {
    throw new AuthRejection('WRONG_AUDIENCE', 'aud does not include the configured audience');
  }
  const sub = ownClaim(claims, 'sub');
  if (typeof sub !== 'string' || sub === '') {
    throw new AuthRejection('MISSING_CLAIM', 'sub missing or not a non-empty string');
  }
  return claims as CallerClaims;
}

/** RFC 8725 §3.11: a token typed as another kind (`id_token+jwt`, `refresh+jwt`...) is refused. */
function checkType(typ: unknown, types: JwtTypes): void {
  const accepted =
    typ === undefined ? types.absent : typeof typ === 'string' && types.values.has(jwtTypeKey(typ));
  if (!accepted) {
    throw new AuthRejection('WRONG_TYPE', 'typ is not in AUTH_JWT_TYPES');
  }
}

/** A claim the payload itself carries; never one inherited from `Object.prototype`. */
export function ownClaim(claims: Readonly<Record<string, unknown>>, name: string): unknown {
  return Object.hasOwn(claims, name) ? claims[name] : undefined;
}

/** A NumericDate claim (RFC 7519 §2), or undefined when absent. */
function timeClaim(claims: Readonly<Record<string, unknown>>, name: string): number | undefined {
  const value = ownClaim(claims, name);
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
    throw new AuthRejection('MALFORMED', `${name} is not a number`);
  }
  return value;
}
