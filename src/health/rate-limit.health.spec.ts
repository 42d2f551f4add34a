import { HealthIndicatorService } from '@nestjs/terminus';
import type { RateLimitStorageService } from '../throttle/rate-limit-storage.service';
import type { RateLimitState } from '../throttle/rate-limit-storage.service';
import { RateLimitHealthIndicator } from './rate-limit.health';

describe(RateLimitHealthIndicator.name, () => {
  const indicator = (state: Pick<RateLimitState, 'storage' | 'degraded'>) =>
    new RateLimitHealthIndicator(new HealthIndicatorService(), {
      state: () => ({ ...state, fallbacksTotal: 3, memoryEntries: 7 }),
    } as unknown as RateLimitStorageService);

  it('should be up with the storage in use', () => {
    expect(indicator({ storage: 'redis', degraded: false }).check('rateLimit')).toEqual({
      rateLimit: { status: 'up', storage: 'redis', degraded: false },
    });
  });

  it('should stay up but say degraded, and nothing more, while Redis is unreachable', () => {
    expect(indicator({ storage: 'memory-fallback', degraded: true }).check('rateLimit')).toEqual({
      rateLimit: { status: 'up', storage: 'memory-fallback', degraded: true },
    });
  });
});
