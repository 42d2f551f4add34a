/**
 * Why a caller was not authenticated: one stable code per failure, the `reason` label of
 * `ata_auth_failures_total` and of the `auth.failed` log event. Clients never see it in production.
 */
export const AUTH_FAILURE_REASONS = [
  /** No `Authorization: Bearer <token>` header. */
  'MISSING_TOKEN',
  /** Not a compact JWS of base64url JSON objects in UTF-8, or a claim of the wrong type. */
  'MALFORMED',
  /** `alg` outside `AUTH_JWT_ALGORITHMS`, or not one the key named by `kid` verifies. */
  'ALGORITHM_NOT_ALLOWED',
  /** `typ` names another kind of token (`AUTH_JWT_TYPES`). */
  'WRONG_TYPE',
  /** A `crit` header: we understand no JWS extension. */
  'CRITICAL_HEADER',
  /** The JWKS has no key with this `kid`. */
  'UNKNOWN_KEY',
  'BAD_SIGNATURE',
  'TOKEN_EXPIRED',
  /** `nbf` in the future. */
  'NOT_YET_VALID',
  /** `iat` in the future. */
  'ISSUED_IN_FUTURE',
  'LIFETIME_TOO_LONG',
  /** `exp` or `sub` missing. */
  'MISSING_CLAIM',
  'WRONG_ISSUER',
  'WRONG_AUDIENCE',
  /** A claim named like an `Object.prototype` member. */
  'FORBIDDEN_CLAIM',
  /** A claim the session is built from (uid, scopes, channels) has the wrong shape. */
  'INVALID_CLAIM',
  /** The JWKS is unreachable and the key is not cached: a 503, not a 401. */
  'KEYS_UNAVAILABLE',
] as const;

export type AuthFailureReason = (typeof AUTH_FAILURE_REASONS)[number];

/**
 * A caller's JWT was refused. `message` says why in fixed words (never token material): for the
 * log, and for `error_description` in development only; clients otherwise get the same 401.
 */
export class AuthRejection extends Error {
  override readonly name = 'AuthRejection';

  constructor(
    readonly reason: AuthFailureReason,
    message: string,
  ) {
    super(message);
  }
}
