import { type TokenError, type TokenErrorCode } from '../agora-token';
import { ApiException } from '../common/api-error';
import { DENY_REASONS, type PolicyDenial } from '../policy/policy-decision';

/**
 * The HTTP side of every refusal of a token request: policy denials keep their reason as the
 * code and status; failures of the token library (`TokenError`) are always a 400 — the token to
 * read, or the token requested, is unacceptable, never a 500 or an empty token:
 * - `TOKEN_MALFORMED`: a token to inspect is not a token this service can read (unknown version,
 *   bad encoding, truncated, a compression bomb).
 * - `VALIDATION_FAILED`: the library refused to build the requested token (a value outside what
 *   the token format can carry) — a malformed request like any other.
 */
const READ_ERRORS: ReadonlySet<TokenErrorCode> = new Set<TokenErrorCode>([
  'ERR_TOKEN_VERSION',
  'ERR_TOKEN_ENCODING',
  'ERR_TOKEN_INFLATE',
  'ERR_TOKEN_INFLATE_LIMIT',
  'ERR_TOKEN_MALFORMED',
]);

/** Every code a token request can be refused with after validation (audited and counted). */
export const REFUSAL_CODES: readonly string[] = [
  ...Object.keys(DENY_REASONS),
  'TOKEN_MALFORMED',
  'UNKNOWN_PROJECT',
];

export function policyRefusal({ status, reason, message }: PolicyDenial): ApiException {
  return new ApiException(status, reason, message);
}

/**
 * The library's messages never contain certificates, signatures or whole tokens, so they are
 * safe to pass on, and they say what was wrong.
 */
export function libraryRefusal(error: TokenError): ApiException {
  const code = READ_ERRORS.has(error.code) ? 'TOKEN_MALFORMED' : 'VALIDATION_FAILED';
  return new ApiException(400, code, error.message);
}
