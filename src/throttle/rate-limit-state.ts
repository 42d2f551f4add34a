/** `ip` runs before the JWT guard (bad tokens never reach a signature check), `user` after it. */
export type ThrottleTierName = 'ip' | 'user';

/** `memory-fallback`: Redis unreachable, each replica limits on its own (N × the limit). */
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
