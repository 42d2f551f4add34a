import { hash } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppSession } from '../auth/app-session';
import { ApiException } from '../common/api-error';
import { clientIp } from '../common/client-ip';
import { RouteFlag } from '../common/route-flag';
import { type ThrottleConfig, throttleConfig } from '../config/throttle.config';
import type { ThrottlerStorageRecord } from './memory-throttler-storage';
import { RateLimitStorageService, type ThrottleTierName } from './rate-limit-storage.service';
import { SKIP_RATE_LIMIT } from './skip-rate-limit.decorator';

type ThrottledRequest = FastifyRequest & { user?: AppSession };

/** One budget per tier across routes, hashed: no addresses or identities in Redis, bounded size. */
export function throttleKey(tier: ThrottleTierName, tracker: string): string {
  return `${tier}:${hash('sha256', tracker, 'base64url')}`;
}

/** The caller's budget in @nestjs/throttler's `X-RateLimit-*` fields (README, Operations). */
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

// One tier's fixed-window budget per tracker across routes (ThrottlerGuard reads five metadata keys
// a request, costing more than the count). Defaults (120/min per IP, 60 per caller) never block
// renewals: SDKs renew 30 s before expiry; ~7,000 users behind one NAT can renew hourly tokens.
@Injectable()
abstract class TierThrottlerGuard implements CanActivate {
  protected abstract readonly tier: ThrottleTierName;
  /** Only where the tracker is the client alone: an IP budget is shared behind a NAT or proxy. */
  protected readonly exposesBudget: boolean = false;
  private readonly skipped: RouteFlag;

  constructor(
    @Inject(throttleConfig.KEY) protected readonly config: ThrottleConfig,
    private readonly rateLimits: RateLimitStorageService,
    reflector: Reflector,
  ) {
    this.skipped = new RouteFlag(reflector, SKIP_RATE_LIMIT);
  }

  protected abstract trackerOf(request: ThrottledRequest): string | null;

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.skipped.isSet(context)) {
      return true;
    }
    const tracker = this.trackerOf(context.switchToHttp().getRequest<ThrottledRequest>());
    if (tracker === null) {
      return true;
    }
    const { limit, ttlSeconds } = this.config[this.tier];
    const windowMs = ttlSeconds * 1000;
    const key = throttleKey(this.tier, tracker);
    const record = await this.rateLimits.increment(key, windowMs, limit, windowMs);
    if (this.exposesBudget) {
      // Kept by the exception filter on a 429 (it adds to the reply's headers).
      void context
        .switchToHttp()
        .getResponse<FastifyReply>()
        .headers(rateLimitHeaders(limit, record));
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

/** Pre-auth limit per client IP (THROTTLE_IP_*), registered before the JWT guard. */
@Injectable()
export class IpThrottlerGuard extends TierThrottlerGuard {
  protected readonly tier = 'ip';

  protected trackerOf({ socket, headers }: FastifyRequest): string {
    return clientIp(socket.remoteAddress, headers['x-forwarded-for'], this.config.trustedProxyHops);
  }
}

/** Post-auth limit per caller `iss`+`sub` (THROTTLE_USER_*); public routes are not counted. */
@Injectable()
export class UserThrottlerGuard extends TierThrottlerGuard {
  protected readonly tier = 'user';
  protected override readonly exposesBudget = true;

  protected trackerOf(request: ThrottledRequest): string | null {
    return request.user?.principal ?? null;
  }
}
