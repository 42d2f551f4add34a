import { HttpStatus } from '@nestjs/common';
import { type TokenError, type TokenErrorCode } from '../agora-token';
import { ApiException } from '../common/api-error';

/**
 * Stable API codes for failures of the token library (`TokenError`), always a 400: the token to
 * read, or the token requested, is unacceptable. Never a 500, never an empty token.
 * - `TOKEN_MALFORMED`: a token to inspect is not a token this service can read (unknown version,
 *   bad encoding, truncated, a compression bomb).
 * - `TOKEN_REQUEST_INVALID`: the library refused to build the requested token (a value outside
 *   what the token format can carry).
 */
export const TOKEN_ERROR_CODES = ['TOKEN_MALFORMED', 'TOKEN_REQUEST_INVALID'] as const;

export type TokenApiErrorCode = (typeof TOKEN_ERROR_CODES)[number];

const READ_ERRORS: ReadonlySet<TokenErrorCode> = new Set<TokenErrorCode>([
  'ERR_TOKEN_VERSION',
  'ERR_TOKEN_ENCODING',
  'ERR_TOKEN_INFLATE',
  'ERR_TOKEN_INFLATE_LIMIT',
  'ERR_TOKEN_MALFORMED',
]);

/** The API code of a library error. */
export function tokenApiErrorCode(error: TokenError): TokenApiErrorCode {
  return READ_ERRORS.has(error.code) ? 'TOKEN_MALFORMED' : 'TOKEN_REQUEST_INVALID';
}

/**
 * The 400 a client sees. The library's messages never contain certificates, signatures or whole
 * tokens, so they are safe to pass on, and they say what was wrong.
 */
export function toTokenApiException(error: TokenError): ApiException {
  return new ApiException(HttpStatus.BAD_REQUEST, tokenApiErrorCode(error), error.message);
}
