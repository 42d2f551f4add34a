import { type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AppSession } from '../auth/app-session';
import { type ThrottleConfig, throttleConfig } from '../config/throttle.config';
import { RateLimitStorageService } from './rate-limit-storage.service';
import { TierThrottlerGuard } from './tier-throttler.guard';

interface SessionRequest {
  user?: AppSession;
}

/**
 * Post-auth limit per caller `iss`+`sub` (THROTTLE_USER_*), whatever address it calls from.
 * Registered after the JWT guard; requests without a session (public routes) are not counted.
 */
@Injectable()
export class UserThrottlerGuard extends TierThrottlerGuard {
  // Every parameter names its token: ThrottlerGuard's @Inject metadata is inherited and would
  // otherwise ask for ThrottlerModule's options and storage.
  constructor(
    @Inject(throttleConfig.KEY) config: ThrottleConfig,
    @Inject(RateLimitStorageService) storage: RateLimitStorageService,
    @Inject(Reflector) reflector: Reflector,
  ) {
    super('user', config.user, storage, reflector);
  }

  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    return Promise.resolve(!context.switchToHttp().getRequest<SessionRequest>().user);
  }

  protected override getTracker(request: SessionRequest): Promise<string> {
    // shouldSkip() let only requests with a session through.
    return Promise.resolve(request.user?.principal ?? '');
  }
}
