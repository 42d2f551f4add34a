/**
 * Injection token for the policy's `PolicyLimits` (`{ maxTtlSeconds }`). The configuration layer
 * provides it through `PolicyModule.forRoot(...)`, e.g. from `TOKEN_MAX_TTL_SECONDS`.
 */
export const POLICY_LIMITS = Symbol('POLICY_LIMITS');
