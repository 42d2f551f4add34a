import { HealthIndicatorService } from '@nestjs/terminus';
import type { CallerKeys } from '../auth/caller-keys';
import type { AgoraProjects } from '../config/agora-projects';
import { ShutdownService } from '../lifecycle/graceful-shutdown';
import type { RateLimitStorageService } from '../throttle/rate-limit-storage.service';
import type { RateLimitState } from '../throttle/rate-limit-storage.service';
import { ReadinessIndicators } from './health.indicators';

const indicators = (
  deps: {
    shutdown?: ShutdownService;
    keys?: Partial<CallerKeys>;
    rateLimits?: Partial<RateLimitStorageService>;
  } = {},
) =>
  new ReadinessIndicators(
    new HealthIndicatorService(),
    deps.shutdown ?? new ShutdownService(),
    {} as AgoraProjects,
    deps.keys as CallerKeys,
    deps.rateLimits as RateLimitStorageService,
  );

describe('ReadinessIndicators.callerKeys', () => {
  const indicator = (ready: boolean) =>
    indicators({ keys: { ready: () => Promise.resolve(ready) } });

  it('should be up when caller keys are available', async () => {
    expect(await indicator(true).callerKeys('callerKeys')).toEqual({
      callerKeys: { status: 'up' },
    });
  });

  it('should be down, with nothing but the status, when they are not', async () => {
    expect(await indicator(false).callerKeys('callerKeys')).toEqual({
      callerKeys: { status: 'down' },
    });
  });
});

describe('ReadinessIndicators.rateLimit', () => {
  const indicator = (state: Pick<RateLimitState, 'storage' | 'degraded'>) =>
    indicators({
      rateLimits: {
        state: () => ({ ...state, fallbacksTotal: 3, memoryEntries: 7 }) as RateLimitState,
      },
    });

  it('should be up with the storage in use', () => {
    expect(indicator({ storage: 'redis', degraded: false }).rateLimit('rateLimit')).toEqual({
      rateLimit: { status: 'up', storage: 'redis', degraded: false },
    });
  });

  it('should stay up but say degraded, and nothing more, while Redis is unreachable', () => {
    expect(
      indicator({ storage: 'memory-fallback', degraded: true }).rateLimit('rateLimit'),
    ).toEqual({
      rateLimit: { status: 'up', storage: 'memory-fallback', degraded: true },
    });
  });
});

describe('ReadinessIndicators.draining', () => {
  it('should be up until shutdown begins, then down with nothing but the status', () => {
    const shutdown = new ShutdownService();
    const sut = indicators({ shutdown });
    expect(sut.draining('shutdown')).toEqual({ shutdown: { status: 'up' } });
    shutdown.beginDraining();
    expect(sut.draining('shutdown')).toEqual({ shutdown: { status: 'down' } });
  });
});
