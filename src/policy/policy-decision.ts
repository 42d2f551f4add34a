/**
 * Stable reason codes of a policy denial, with their status and default message (which describes
 * the rule, never the values). They appear as `code` in the HTTP error body, in audit events and
 * in the denial metric, so they never change meaning. 400: the request is unacceptable whoever
 * sends it; 403: this session may not hold it.
 */
export const DENY_REASONS = {
  /** A shape the policy cannot judge; the same code as a body the validation pipe refuses. */
  VALIDATION_FAILED: { status: 400, message: 'request shape not supported by the token policy' },
  TTL_INVALID: { status: 400, message: 'lifetime must be a whole number of seconds, at least 1' },
  /** Never silently capped. */
  TTL_TOO_LONG: { status: 400, message: 'lifetime exceeds the configured maximum' },
  /** Account "123" and uid 123 produce identical Agora tokens. */
  ACCOUNT_LOOKS_NUMERIC: {
    status: 400,
    message: 'user account must not be all digits (it would equal the numeric uid); use uid',
  },
  /** A request or service kind the policy has no rule for (deny by default). */
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
} as const satisfies Record<string, { status: 403 | 400; message: string }>;

export type DenyReason = keyof typeof DENY_REASONS;

/** A denial: the HTTP status it maps to and a message that names no other user's data. */
export type PolicyDenial = { allow: false; reason: DenyReason; status: 403 | 400; message: string };

export type PolicyDecision = { allow: true } | PolicyDenial;

export const ALLOW: PolicyDecision = Object.freeze({ allow: true });

export function deny(
  reason: DenyReason,
  message: string = DENY_REASONS[reason].message,
): PolicyDenial {
  return { allow: false, reason, status: DENY_REASONS[reason].status, message };
}
