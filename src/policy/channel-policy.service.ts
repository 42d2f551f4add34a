import { Inject, Injectable } from '@nestjs/common';
import type { AppSession } from '../auth/app-session';
import { inSpan } from '../tracing/in-span';
import { decide, decideInspect, HARD_MAX_TTL_SECONDS, type PolicyLimits } from './channel-policy';
import type { PolicyDecision } from './policy-decision';
import type { TokenRequest } from './token-request';

/** Injection token of the policy's `PolicyLimits` (from configuration). */
export const POLICY_LIMITS = Symbol('POLICY_LIMITS');

/** Nest adapter around the pure `decide()`. It returns decisions; the caller answers denials. */
@Injectable()
export class ChannelPolicyService {
  constructor(@Inject(POLICY_LIMITS) private readonly limits: PolicyLimits) {
    const max = limits.maxTtlSeconds;
    // Fail at boot rather than deny every request at run time.
    if (!Number.isInteger(max) || max < 1 || max > HARD_MAX_TTL_SECONDS) {
      throw new Error(
        `POLICY_LIMITS.maxTtlSeconds must be an integer in 1..${HARD_MAX_TTL_SECONDS}`,
      );
    }
  }

  decide(session: AppSession, request: TokenRequest): PolicyDecision {
    return inSpan('policy.decide', () => decide(session, request, this.limits));
  }

  decideInspect(session: AppSession): PolicyDecision {
    return decideInspect(session);
  }
}
