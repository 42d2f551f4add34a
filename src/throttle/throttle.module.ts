import { Module } from '@nestjs/common';
import { IpThrottlerGuard } from './ip-throttler.guard';
import { RateLimitStorageService } from './rate-limit-storage.service';
import { UserThrottlerGuard } from './user-throttler.guard';

/**
 * Rate limiting. AppModule registers the guards as global guards around JwtAuthGuard:
 * IpThrottlerGuard before it, UserThrottlerGuard after it. `RateLimitStorageService.state()` is
 * the limiter's state for readiness and metrics.
 */
@Module({
  providers: [RateLimitStorageService, IpThrottlerGuard, UserThrottlerGuard],
  exports: [RateLimitStorageService, IpThrottlerGuard, UserThrottlerGuard],
})
export class ThrottleModule {}
