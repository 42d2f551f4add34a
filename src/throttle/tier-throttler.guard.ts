import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppSession } from '../auth/app-session';
import { ApiException } from '../common/api-error';
import { RouteFlag } from '../common/route-flag';
import type { ThrottleTier } from '../config/throttle.config';
import { rateLimitHeaders } from './rate-limit-headers';
import type { RateLimitStorageService } from './rate-limit-storage.service';
import { SKIP_RATE_LIMIT } from './skip-rate-limit.decorator';
import { type ThrottleTierName, throttleKey } from './throttle-tiers';

/** The request as the guards see it: `user` is the session once the JWT guard has run. */
export type ThrottledRequest = FastifyRequest & { user?: AppSession };

/**
 * The guard of one rate-limit tier: one fixed-window budget per tracker (client IP or caller),
 * shared by every route, counted in RateLimitStorageService (memory or Redis). Each tier has its
 * own guard because they run on either side of the JWT guard. Over the limit: `429 RATE_LIMITED`
 * with `Retry-After` (seconds), blocked for one window; the global filter keeps the headers.
 *
 * Our own rather than @nestjs/throttler's ThrottlerGuard: that one resolves five route
 * metadata keys (per-route limits, trackers, key generators we never use) through the Reflector
 * on every request, which cost more than the count itself. Only `@SkipRateLimit()` is read here.
 */
export abstract class TierThrottlerGuard implements CanActivate {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly skipped: RouteFlag;

  /**
   * @param exposesBudget whether responses tell the client its budget (rateLimitHeaders): only
   *   where the tracker is the client alone. The caller tier does; an IP budget is shared by
   *   everyone behind the same NAT or proxy, so its state is other clients' business.
   */
  protected constructor(
    private readonly tier: ThrottleTierName,
    config: ThrottleTier,
    private readonly rateLimits: RateLimitStorageService,
    reflector: Reflector,
    private readonly exposesBudget = false,
  ) {
    this.skipped = new RouteFlag(reflector, SKIP_RATE_LIMIT);
    this.limit = config.limit;
    this.windowMs = config.ttlSeconds * 1000;
  }

  /** The tracker (client IP, caller principal) to count this request against; null: not counted. */
  protected abstract trackerOf(request: ThrottledRequest): string | null;

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.skipped.isSet(context)) {
      return true;
    }
    const tracker = this.trackerOf(context.switchToHttp().getRequest<ThrottledRequest>());
    if (tracker === null) {
      return true;
    }
    const record = await this.rateLimits.increment(
      throttleKey(this.tier, tracker),
      this.windowMs,
      this.limit,
      this.windowMs,
    );
    const { isBlocked, timeToBlockExpire } = record;
    if (this.exposesBudget) {
      // Kept by the exception filter on a 429 (it adds to the reply's headers).
      void context
        .switchToHttp()
        .getResponse<FastifyReply>()
        .headers(rateLimitHeaders(this.limit, record));
    }
    if (isBlocked) {
      this.rateLimits.recordRejection(this.tier);
      const retryAfter = Math.max(1, timeToBlockExpire);
      throw new ApiException(429, 'RATE_LIMITED', `rate limit exceeded; retry in ${retryAfter} s`, {
        'Retry-After': String(retryAfter),
      });
    }
    return true;
  }
}
