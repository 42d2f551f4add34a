import { Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type ThrottleConfig, throttleConfig } from '../config/throttle.config';
import { RateLimitStorageService } from './rate-limit-storage.service';
import { type ThrottledRequest, TierThrottlerGuard } from './tier-throttler.guard';

/** Post-auth limit per caller `iss`+`sub` (THROTTLE_USER_*); responses carry its budget. */
@Injectable()
export class UserThrottlerGuard extends TierThrottlerGuard {
  constructor(
    @Inject(throttleConfig.KEY) config: ThrottleConfig,
    storage: RateLimitStorageService,
    reflector: Reflector,
  ) {
    super('user', config.user, storage, reflector, true);
  }

  /** Requests without a session (public routes) are not counted. */
  protected trackerOf(request: ThrottledRequest): string | null {
    return request.user?.principal ?? null;
  }
}
