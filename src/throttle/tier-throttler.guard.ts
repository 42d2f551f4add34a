import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppSession } from '../auth/app-session';
import { ApiException } from '../common/api-error';
import { RouteFlag } from '../common/route-flag';
import type { ThrottleTier } from '../config/throttle.config';
import type { ThrottlerStorageRecord } from './memory-throttler-storage';
import type { RateLimitStorageService } from './rate-limit-storage.service';
import { SKIP_RATE_LIMIT } from './skip-rate-limit.decorator';
import { type ThrottleTierName, throttleKey } from './throttle-tiers';

/** The request as the guards see it: `user` is the session once the JWT guard has run. */
export type ThrottledRequest = FastifyRequest & { user?: AppSession };

/**
 * The caller's budget in @nestjs/throttler's conventional `X-RateLimit-*` fields (README, Rate-limit
 * headers): `Reset` is the seconds until the window's end, or while blocked the block's end (then
 * equal to `Retry-After`).
 */
export function rateLimitHeaders(
  limit: number,
  { totalHits, timeToExpire, isBlocked, timeToBlockExpire }: ThrottlerStorageRecord,
): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': String(isBlocked ? 0 : Math.max(0, limit - totalHits)),
    'X-RateLimit-Reset': String(isBlocked ? Math.max(1, timeToBlockExpire) : timeToExpire),
  };
}

/**
 * One tier's guard: a fixed-window budget per tracker, shared by every route. Over the limit:
 * `429 RATE_LIMITED` with `Retry-After`, blocked for one window. Not @nestjs/throttler's
 * ThrottlerGuard: it resolves five route metadata keys we never use on every request, which cost
 * more than the count itself; only `@SkipRateLimit()` is read here, once per route.
 */
export abstract class TierThrottlerGuard implements CanActivate {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly skipped: RouteFlag;

  /**
   * @param exposesBudget whether responses carry rateLimitHeaders: only where the tracker is the
   *   client alone (an IP budget is shared by everyone behind the same NAT or proxy).
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
    const key = throttleKey(this.tier, tracker);
    const record = await this.rateLimits.increment(key, this.windowMs, this.limit, this.windowMs);
    if (this.exposesBudget) {
      // Kept by the exception filter on a 429 (it adds to the reply's headers).
      void context
        .switchToHttp()
        .getResponse<FastifyReply>()
        .headers(rateLimitHeaders(this.limit, record));
    }
    if (record.isBlocked) {
      this.rateLimits.recordRejection(this.tier);
      const retryAfter = Math.max(1, record.timeToBlockExpire);
      throw new ApiException(429, 'RATE_LIMITED', `rate limit exceeded; retry in ${retryAfter} s`, {
        'Retry-After': String(retryAfter),
      });
    }
    return true;
  }
}
