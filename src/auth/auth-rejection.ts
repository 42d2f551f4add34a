/** One code per failure: the `reason` label of `ata_auth_failures_total` and `auth.failed`. */
export const AUTH_FAILURE_REASONS = [
  'MISSING_TOKEN',
  'MALFORMED', // not three base64url segments of UTF-8 JSON objects, or a claim of the wrong type
  'ALGORITHM_NOT_ALLOWED', // outside AUTH_JWT_ALGORITHMS, or not one the `kid`'s key verifies
  'WRONG_TYPE', // `typ` names another kind of token (AUTH_JWT_TYPES)
  'CRITICAL_HEADER', // `crit`: we understand no JWS extension
  'UNKNOWN_KEY',
  'BAD_SIGNATURE',
  'TOKEN_EXPIRED',
  'NOT_YET_VALID',
  'ISSUED_IN_FUTURE',
  'LIFETIME_TOO_LONG',
  'MISSING_CLAIM', // `exp` or `sub`
  'WRONG_ISSUER',
  'WRONG_AUDIENCE',
  'FORBIDDEN_CLAIM', // named like an Object.prototype member
  'INVALID_CLAIM', // a claim the session is built from (uid, scopes, channels) has the wrong shape
  'KEYS_UNAVAILABLE', // the JWKS is down and the key not cached: a 503, not a 401
] as const;

export type AuthFailureReason = (typeof AUTH_FAILURE_REASONS)[number];

/** `message`: why, in fixed words (never token material), for logs and `error_description`. */
export class AuthRejection extends Error {
  override readonly name = 'AuthRejection';

  constructor(
    readonly reason: AuthFailureReason,
    message: string,
  ) {
    super(message);
  }
}
