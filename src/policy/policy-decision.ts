/**
 * Stable reason codes of a policy denial. They appear as `code` in the HTTP error body, in audit
 * events and in the denial metric, so they never change meaning.
 *
 * 400 (the request itself is unacceptable, whoever sends it):
 * - `VALIDATION_FAILED`: a shape the policy cannot judge (uid and account both or neither, a uid
 *   outside 0..2^32-1, an unknown privilege name, a request without services); the same code as
 *   a body the validation pipe refuses, since both mean "malformed request".
 * - `TTL_INVALID`: a lifetime that is not a whole number of seconds of at least 1.
 * - `TTL_TOO_LONG`: a lifetime above the configured maximum; never silently capped.
 * - `ACCOUNT_LOOKS_NUMERIC`: an all-digit account or user id; account "123" and uid 123 produce
 *   identical Agora tokens.
 *
 * 403 (this session may not hold this):
 * - `REQUEST_KIND_UNKNOWN`: a request or service kind the policy has no rule for (deny by default).
 * - `SCOPE_REQUIRED`: the kind needs a scope the session lacks, or a service session with
 *   `tokens:issue-any`.
 * - `UID_NOT_BOUND`: the session has no binding of the kind requested (uid, or account/user id).
 * - `UID_MISMATCH`: the requested uid or account is not the session's own.
 * - `CHANNEL_NOT_GRANTED`: the channel (or APaaS room) matches none of the session's grants.
 * - `WILDCARD_NOT_ALLOWED`: a wildcard user or channel without `tokens:wildcard`, or with a
 *   publishing role.
 * - `ROLE_NOT_ALLOWED`: publishing without `rtc:publish`.
 */
export type DenyReason =
  | 'VALIDATION_FAILED'
  | 'TTL_INVALID'
  | 'TTL_TOO_LONG'
  | 'ACCOUNT_LOOKS_NUMERIC'
  | 'REQUEST_KIND_UNKNOWN'
  | 'SCOPE_REQUIRED'
  | 'UID_NOT_BOUND'
  | 'UID_MISMATCH'
  | 'CHANNEL_NOT_GRANTED'
  | 'WILDCARD_NOT_ALLOWED'
  | 'ROLE_NOT_ALLOWED';

/** A denial: the HTTP status it maps to and a message that names no other user's data. */
export type PolicyDenial = { allow: false; reason: DenyReason; status: 403 | 400; message: string };

/** The outcome of `decide()`. */
export type PolicyDecision = { allow: true } | PolicyDenial;

/** Status and default message of each reason. Messages describe the rule, never the values. */
export const DENY_REASONS: Readonly<Record<DenyReason, { status: 403 | 400; message: string }>> = {
  VALIDATION_FAILED: { status: 400, message: 'request shape not supported by the token policy' },
  TTL_INVALID: { status: 400, message: 'lifetime must be a whole number of seconds, at least 1' },
  TTL_TOO_LONG: { status: 400, message: 'lifetime exceeds the configured maximum' },
  ACCOUNT_LOOKS_NUMERIC: {
    status: 400,
    message: 'user account must not be all digits (it would equal the numeric uid); use uid',
  },
  REQUEST_KIND_UNKNOWN: { status: 403, message: 'request type not permitted' },
  SCOPE_REQUIRED: { status: 403, message: 'this session lacks the scope this request needs' },
  UID_NOT_BOUND: { status: 403, message: 'this session is not bound to an Agora user' },
  UID_MISMATCH: { status: 403, message: 'user not permitted for this session' },
  CHANNEL_NOT_GRANTED: { status: 403, message: 'channel not permitted for this session' },
  WILDCARD_NOT_ALLOWED: {
    status: 403,
    message: 'wildcard user or channel not permitted (needs tokens:wildcard, subscriber only)',
  },
  ROLE_NOT_ALLOWED: { status: 403, message: 'publisher role not permitted for this session' },
};

/** The single allow decision. */
export const ALLOW: PolicyDecision = Object.freeze({ allow: true });

/** Builds the denial for `reason`, with its status and (unless given) its default message. */
export function deny(reason: DenyReason, message = DENY_REASONS[reason].message): PolicyDenial {
  return { allow: false, reason, status: DENY_REASONS[reason].status, message };
}
