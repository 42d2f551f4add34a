/** Injection token of the policy's `PolicyLimits` (`{ maxTtlSeconds }`, from configuration). */
export const POLICY_LIMITS = Symbol('POLICY_LIMITS');
