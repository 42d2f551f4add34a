import type { ThrottleTierName } from './throttle-tiers';

/**
 * Where rate-limit decisions are made:
 * - `memory`: no REDIS_URL; each replica limits on its own (the configured default);
 * - `redis`: shared by every replica through Redis;
 * - `memory-fallback`: REDIS_URL is set but Redis is unreachable; each replica limits on its own
 *   (so N replicas allow up to N times a limit) until Redis answers again.
 */
export type RateLimitStorageMode = 'memory' | 'redis' | 'memory-fallback';

/** A snapshot for readiness and metrics. Counters only grow (Prometheus counters). */
export interface RateLimitState {
  readonly storage: RateLimitStorageMode;
  /** True in `memory-fallback`: limits hold per replica only. */
  readonly degraded: boolean;
  /** Outages: times the limiter fell back from Redis to memory (at boot included). */
  readonly fallbacksTotal: number;
  /** Hits counted in memory because Redis was configured but unreachable. */
  readonly fallbackDecisionsTotal: number;
  /** Keys held by the in-memory storage now (a gauge; bounded by its cap). */
  readonly memoryEntries: number;
  /** 429s sent, per tier. */
  readonly rejectionsTotal: Readonly<Record<ThrottleTierName, number>>;
}
