import { Module } from '@nestjs/common';
import { RateLimitStorageService } from './rate-limit-storage.service';
import { IpThrottlerGuard, UserThrottlerGuard } from './tier-throttler.guard';

@Module({
  providers: [RateLimitStorageService, IpThrottlerGuard, UserThrottlerGuard],
  exports: [RateLimitStorageService, IpThrottlerGuard, UserThrottlerGuard],
})
export class ThrottleModule {}
