/**
 * Every failure of the token library is a `TokenError` with a stable `code`, so callers (the HTTP
 * service, the CLI) can map it without parsing messages. Messages never contain certificates,
 * signatures or whole tokens.
 */
export type TokenErrorCode =
  /** An App ID is not exactly 32 hexadecimal characters. */
  | 'ERR_APP_ID_INVALID'
  /** An App Certificate is not exactly 32 hexadecimal characters. */
  | 'ERR_APP_CERTIFICATE_INVALID'
  /** A uid is not an integer in 0..2^32-1. */
  | 'ERR_UID_INVALID'
  /** A string field is not a well-formed string (wrong type, or lone UTF-16 surrogates). */
  | 'ERR_STRING_INVALID'
  /** A string field is longer than its 16-bit length prefix allows (65535 UTF-8 bytes). */
  | 'ERR_STRING_TOO_LONG'
  /** A lifetime or privilege expiry is negative, not an integer or above 2^32-1. */
  | 'ERR_EXPIRE_INVALID'
  /** A timestamp (issuedAt, ts, expiredTs) is not an integer in 0..2^32-1. */
  | 'ERR_TIMESTAMP_INVALID'
  /** A salt or random value is not an integer in its allowed range. */
  | 'ERR_SALT_INVALID'
  /** A role, privilege id, service type or permission value is out of range or unknown. */
  | 'ERR_VALUE_INVALID'
  /** More entries than a 16-bit count can hold. */
  | 'ERR_TOO_MANY_ENTRIES'
  /** A token to build holds no service. */
  | 'ERR_NO_SERVICE'
  /** A token specification (JSON shape) is not valid. */
  | 'ERR_SPEC_INVALID'
  /** The token does not start with a version this library reads. */
  | 'ERR_TOKEN_VERSION'
  /** The token text is not valid standard base64 (or hex, for the text formats). */
  | 'ERR_TOKEN_ENCODING'
  /** The compressed part of a 007 token is not a valid zlib stream. */
  | 'ERR_TOKEN_INFLATE'
  /** The compressed part of a 007 token inflates beyond the allowed size. */
  | 'ERR_TOKEN_INFLATE_LIMIT'
  /** The token's binary content is truncated or structurally invalid. */
  | 'ERR_TOKEN_MALFORMED';

export class TokenError extends Error {
  override readonly name = 'TokenError';

  constructor(
    readonly code: TokenErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** True when `error` is a TokenError (optionally with the given code). */
export function isTokenError(error: unknown, code?: TokenErrorCode): error is TokenError {
  return error instanceof TokenError && (code === undefined || error.code === code);
}
