import { Inject, Injectable } from '@nestjs/common';
import type { AppSession } from '../auth/app-session';
import { decide, decideInspect, HARD_MAX_TTL_SECONDS, type PolicyLimits } from './channel-policy';
import type { PolicyDecision } from './policy-decision';
import { POLICY_LIMITS } from './policy.constants';
import type { TokenRequest } from './token-request';
import { inSpan } from '../tracing/in-span';

/**
 * Nest adapter around the pure `decide()`: supplies the configured limits. It returns decisions;
 * turning a denial into an HTTP answer is the caller's (the token service's) job.
 */
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
