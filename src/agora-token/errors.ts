/** Stable codes to map failures by; messages never hold certificates, signatures or tokens. */
export type TokenErrorCode =
  | 'ERR_APP_ID_INVALID' // not exactly 32 hex characters
  | 'ERR_APP_CERTIFICATE_INVALID'
  | 'ERR_UID_INVALID' // not an integer in 0..2^32-1
  | 'ERR_STRING_INVALID' // not a string, or lone UTF-16 surrogates
  | 'ERR_STRING_TOO_LONG' // over 65535 UTF-8 bytes
  | 'ERR_EXPIRE_INVALID' // a lifetime or privilege expiry outside 0..2^32-1
  | 'ERR_TIMESTAMP_INVALID'
  | 'ERR_SALT_INVALID'
  | 'ERR_VALUE_INVALID' // a role, privilege id, service type or permission out of range
  | 'ERR_TOO_MANY_ENTRIES' // more than a 16-bit count can hold
  | 'ERR_NO_SERVICE'
  | 'ERR_SPEC_INVALID' // the JSON token spec
  | 'ERR_TOKEN_VERSION' // not a version this library reads
  | 'ERR_TOKEN_ENCODING' // not standard base64 (or hex, for the text formats)
  | 'ERR_TOKEN_INFLATE' // not a valid zlib stream
  | 'ERR_TOKEN_INFLATE_LIMIT'
  | 'ERR_TOKEN_MALFORMED'; // truncated or structurally invalid

export class TokenError extends Error {
  override readonly name = 'TokenError';

  constructor(
    readonly code: TokenErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isTokenError(error: unknown, code?: TokenErrorCode): error is TokenError {
  return error instanceof TokenError && (code === undefined || error.code === code);
}
