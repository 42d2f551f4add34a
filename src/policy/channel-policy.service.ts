import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  Inject,
  Injectable,
} from '@nestjs/common';
import type { AppSession } from '../auth/app-session';
import { decide, HARD_MAX_TTL_SECONDS, type PolicyLimits } from './channel-policy';
import type { PolicyDecision, PolicyDenial } from './policy-decision';
import type { PolicyRequest } from './policy-request';
import { POLICY_LIMITS } from './policy.constants';
import { inSpan } from '../tracing/in-span';

/** Error body of a policy denial: Nest's default shape plus the stable reason `code`. */
export interface PolicyErrorBody {
  statusCode: 400 | 403;
  error: 'Bad Request' | 'Forbidden';
  message: string;
  code: PolicyDenial['reason'];
}

/** Nest adapter around the pure `decide()`: supplies the configured limits, throws on denial. */
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

  /** The decision itself, for callers that audit or count denials before throwing. */
  evaluate(session: AppSession, request: PolicyRequest): PolicyDecision {
    return inSpan('policy.decide', () => decide(session, request, this.limits));
  }

  /**
   * Returns when `session` may hold `request`; otherwise throws `ForbiddenException` (403) or
   * `BadRequestException` (400) whose body is `{ statusCode, error, message, code }`.
   */
  assertAllowed(session: AppSession, request: PolicyRequest): void {
    const decision = this.evaluate(session, request);
    if (!decision.allow) {
      throw toHttpException(decision);
    }
  }
}

/** Maps a denial to the Nest exception and body clients see. */
export function toHttpException(denial: PolicyDenial): HttpException {
  const { status, message, reason: code } = denial;
  if (status === 400) {
    const body: PolicyErrorBody = { statusCode: 400, error: 'Bad Request', message, code };
    return new BadRequestException(body);
  }
  const body: PolicyErrorBody = { statusCode: 403, error: 'Forbidden', message, code };
  return new ForbiddenException(body);
}
