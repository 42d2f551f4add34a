import type { ThrottlerStorage } from '@nestjs/throttler';

/** What a storage answers for one hit (the library does not export this name from its index). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** One key's fixed window: hits since `windowEndsAt - ttl`, and a block if it went over. */
interface Entry {
  hits: number;
  /** Epoch ms. */
  windowEndsAt: number;
  /** Epoch ms; 0 when never blocked. */
  blockedUntil: number;
}

export interface MemoryStorageOptions {
  /**
   * Hard cap on entries. A new key at the cap evicts the window that started first: that
   * caller's count restarts, so at the cap the limiter turns lenient for its least recent callers
   * instead of growing without bound or refusing callers it has not seen.
   */
  readonly maxEntries: number;
  /** How often expired entries are removed (an unref'd timer). */
  readonly sweepIntervalMs: number;
  /** Epoch ms; injectable for tests. */
  readonly now?: () => number;
}

/**
 * About 200 bytes per entry (measured: key, entry, Map slot), so at most ~20 MB. Each caller
 * holds one entry per tier while its window lasts (60 s by default).
 */
export const MEMORY_STORAGE_DEFAULTS: MemoryStorageOptions = {
  maxEntries: 100_000,
  sweepIntervalMs: 10_000,
};

/**
 * Bounded in-memory rate-limit storage: one small entry per key (the library's own storage keeps
 * a timestamp per hit), entries swept once expired, and a hard cap. Same fixed-window semantics
 * as the Redis script (redis-throttler-storage.ts), so a fallback behaves as Redis does:
 * - a window starts at a key's first hit and lasts `ttl` ms; every hit counts, blocked or not;
 * - the hit that takes the count over `limit` blocks the key for `blockDuration` ms;
 * - a blocked hit reports `timeToBlockExpire` (seconds, rounded up): the Retry-After.
 */
export class MemoryThrottlerStorage implements ThrottlerStorage {
  // A Map iterates in insertion order; entries are re-inserted when their window restarts, so
  // the first entry is the window that started first (what the cap evicts).
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private sweeper: NodeJS.Timeout | undefined;
  private evictionCursor: ReturnType<Map<string, Entry>['keys']> | undefined;

  constructor(private readonly options: MemoryStorageOptions = MEMORY_STORAGE_DEFAULTS) {
    this.now = options.now ?? Date.now;
  }

  /** Keys held now. */
  get size(): number {
    return this.entries.size;
  }

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<ThrottlerStorageRecord> {
    const now = this.now();
    let entry = this.entries.get(key);
    if (!entry || entry.windowEndsAt <= now) {
      const blockedUntil = entry && entry.blockedUntil > now ? entry.blockedUntil : 0;
      entry = { hits: 0, windowEndsAt: now + ttl, blockedUntil };
      this.insert(key, entry);
    }
    entry.hits += 1;
    if (entry.blockedUntil <= now && entry.hits > limit) {
      entry.blockedUntil = now + blockDuration;
    }
    const isBlocked = entry.blockedUntil > now;
    return Promise.resolve({
      totalHits: entry.hits,
      timeToExpire: Math.ceil((entry.windowEndsAt - now) / 1000),
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.ceil((entry.blockedUntil - now) / 1000) : 0,
    });
  }

  /** Removes entries whose window and block have both ended; returns how many. */
  sweep(): number {
    const now = this.now();
    let removed = 0;
    for (const [key, entry] of this.entries) {
      if (entry.windowEndsAt <= now && entry.blockedUntil <= now) {
        this.entries.delete(key);
        removed += 1;
      }
    }
    // The cursor holds on to the Map's previous backing store (and its entries) until its next
    // step; dropping it lets a swept Map give its memory back.
    this.evictionCursor = undefined;
    return removed;
  }

  /** Starts the sweep timer; it never keeps the process alive. */
  start(): void {
    this.sweeper ??= setInterval(() => this.sweep(), this.options.sweepIntervalMs).unref();
  }

  stop(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.entries.clear();
    this.evictionCursor = undefined;
  }

  private insert(key: string, entry: Entry): void {
    this.entries.delete(key);
    if (this.entries.size >= this.options.maxEntries) {
      this.evictOldest();
    }
    this.entries.set(key, entry);
  }

  private evictOldest(): void {
    // One cursor across evictions: every key before it has been deleted, so it yields the oldest
    // window, and it never rescans the holes deletions leave at the front of the Map (a fresh
    // keys() per eviction does: ~20 µs each at 50k entries, 1 µs this way).
    let next = this.evictionCursor?.next();
    if (!next || next.done) {
      this.evictionCursor = this.entries.keys();
      next = this.evictionCursor.next();
    }
    if (!next.done) {
      this.entries.delete(next.value);
    }
  }
}
