import { Counter, Gauge, type Registry } from 'prom-client';

/** Injection token of a `() => RateLimitFigures` source, provided where the app is wired. */
export const RATE_LIMIT_FIGURES = Symbol('RATE_LIMIT_FIGURES');

/** What the rate limiter reports (its state has this shape); monotonic counts. */
export interface RateLimitFigures {
  /** Where limits are decided now: one of `MODES`. */
  readonly storage: string;
  /** 429s so far, by tier (`ip`, `user`). */
  readonly rejectionsTotal: Readonly<Record<string, number>>;
  readonly fallbacksTotal: number;
  readonly fallbackDecisionsTotal: number;
  readonly memoryEntries: number;
}

const MODES = ['memory', 'redis', 'memory-fallback'];

/**
 * Rate-limit metrics, read from the limiter's state when Prometheus scrapes (no work on the
 * request path). The limiter keeps monotonic counts; a collect() sets the counters to them.
 */
export function registerRateLimitMetrics(registry: Registry, state: () => RateLimitFigures): void {
  new Counter({
    name: 'ata_rate_limit_rejections_total',
    help: 'Requests refused with 429, by tier (ip: before authentication; user: per caller)',
    labelNames: ['tier'] as const,
    registers: [registry],
    collect() {
      const { rejectionsTotal } = state();
      this.reset();
      Object.entries(rejectionsTotal).forEach(([tier, count]) => this.inc({ tier }, count));
    },
  });
  new Gauge({
    name: 'ata_rate_limit_storage',
    help: 'Where rate limits are decided: 1 for the current mode (memory, redis, memory-fallback)',
    labelNames: ['mode'] as const,
    registers: [registry],
    collect() {
      const { storage } = state();
      MODES.forEach((mode) => this.set({ mode }, mode === storage ? 1 : 0));
    },
  });
  counterOf(
    registry,
    'ata_rate_limit_fallbacks_total',
    'Times the limiter fell back from Redis to per-replica memory',
    () => state().fallbacksTotal,
  );
  counterOf(
    registry,
    'ata_rate_limit_fallback_decisions_total',
    'Requests limited in memory because Redis was configured but unreachable',
    () => state().fallbackDecisionsTotal,
  );
  new Gauge({
    name: 'ata_rate_limit_memory_entries',
    help: 'Keys held by the in-memory rate-limit storage',
    registers: [registry],
    collect() {
      this.set(state().memoryEntries);
    },
  });
}

function counterOf(registry: Registry, name: string, help: string, value: () => number): void {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(value());
    },
  });
}
