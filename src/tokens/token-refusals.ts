import { type TokenError, type TokenErrorCode } from '../agora-token';
import { ApiException } from '../common/api-error';
import { DENY_REASONS, type PolicyDenial } from '../policy/policy-decision';

/**
 * Library errors (`TokenError`) are always a 400, never a 500 or an empty token: these are
 * `TOKEN_MALFORMED` (a token to inspect this service cannot read), any other `VALIDATION_FAILED`
 * (a value the token format cannot carry).
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

/** The library's messages never contain certificates, signatures or whole tokens. */
export function libraryRefusal(error: TokenError): ApiException {
  const code = READ_ERRORS.has(error.code) ? 'TOKEN_MALFORMED' : 'VALIDATION_FAILED';
  return new ApiException(400, code, error.message);
}
