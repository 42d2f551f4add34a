import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { RateLimitStorageService } from '../throttle/rate-limit-storage.service';

/**
 * Always up: the limiter never fails requests, it only degrades (per-replica limits while Redis
 * is unreachable), which readiness reports as `{ status: 'up', storage, degraded }` so operators
 * and probes see it without the instance leaving the load balancer. Nothing else: no URL, no
 * error text.
 */
@Injectable()
export class RateLimitHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly rateLimits: RateLimitStorageService,
  ) {}

  check(key: string) {
    const { storage, degraded } = this.rateLimits.state();
    return this.indicators.check(key).up({ storage, degraded });
  }
}
