import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { ApiException } from '../common/api-error';
import type { ThrottleTier } from '../config/throttle.config';
import type { RateLimitStorageService } from './rate-limit-storage.service';
import { type ThrottleTierName, throttleKey, tierOptions } from './throttle-tiers';

/**
 * A ThrottlerGuard for one tier. Each tier has its own guard because they must run on either
 * side of the JWT guard. Over the limit: `429 RATE_LIMITED` with `Retry-After` (seconds), in the
 * one error shape; the global filter keeps an ApiException's headers.
 */
export abstract class TierThrottlerGuard extends ThrottlerGuard {
  constructor(
    private readonly tier: ThrottleTierName,
    config: ThrottleTier,
    private readonly rateLimits: RateLimitStorageService,
    reflector: Reflector,
  ) {
    super(tierOptions(tier, config), rateLimits, reflector);
  }

  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return throttleKey(this.tier, tracker);
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    this.rateLimits.recordRejection(this.tier);
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    throw new ApiException(429, 'RATE_LIMITED', `rate limit exceeded; retry in ${retryAfter} s`, {
      'Retry-After': String(retryAfter),
    });
  }
}
