import type { ThrottleTierName } from './throttle-tiers';

/**
 * Where rate-limit decisions are made: `memory` (no REDIS_URL), `redis` (shared by every
 * replica), or `memory-fallback` (Redis unreachable: each replica limits on its own, so N replicas
 * allow up to N times a limit, until Redis answers again).
 */
export type RateLimitStorageMode = 'memory' | 'redis' | 'memory-fallback';

/** A snapshot for readiness and metrics. Counters only grow (Prometheus counters). */
export interface RateLimitState {
  readonly storage: RateLimitStorageMode;
  readonly degraded: boolean; // true in `memory-fallback`
  readonly fallbacksTotal: number; // falls from Redis to memory, at boot included
  readonly fallbackDecisionsTotal: number; // hits counted in memory while Redis was unreachable
  readonly memoryEntries: number; // keys the memory storage holds now (a gauge)
  readonly rejectionsTotal: Readonly<Record<ThrottleTierName, number>>; // 429s per tier
}
