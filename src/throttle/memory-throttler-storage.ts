import type { ThrottlerStorage } from '@nestjs/throttler';

/** What a storage answers for one hit (the library does not export this name from its index). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** A hit's record from its count and the window's and block's remaining ms (block <= 0: none). */
export function hitRecord(hits: number, windowMs: number, blockMs: number): ThrottlerStorageRecord {
  return {
    totalHits: hits,
    timeToExpire: Math.ceil(windowMs / 1000),
    isBlocked: blockMs > 0,
    timeToBlockExpire: blockMs > 0 ? Math.ceil(blockMs / 1000) : 0,
  };
}

/** One key's fixed window, in epoch ms; `blockedUntil` 0 when never blocked. */
type Entry = { hits: number; windowEndsAt: number; blockedUntil: number };

export interface MemoryStorageOptions {
  /** Hard cap: a new key evicts the oldest window (its count restarts); never refuses callers. */
  readonly maxEntries: number;
  readonly sweepIntervalMs: number;
  readonly now?: () => number;
}

/** About 200 bytes per entry (measured), so at most ~20 MB; one entry per caller and tier. */
const DEFAULTS: MemoryStorageOptions = { maxEntries: 100_000, sweepIntervalMs: 10_000 };

/** One entry per key, the Redis script's semantics: every hit counts, the one over limit blocks. */
export class MemoryThrottlerStorage implements ThrottlerStorage {
  // Insertion order: a restarted window is re-inserted, so the first entry started first.
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private sweeper: NodeJS.Timeout | undefined;
  private evictionCursor: Iterator<string> | undefined;

  constructor(private readonly options: MemoryStorageOptions = DEFAULTS) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  increment(key: string, ttl: number, limit: number, blockDuration: number) {
    const now = this.now();
    let entry = this.entries.get(key);
    if (!entry || entry.windowEndsAt <= now) {
      const blockedUntil = entry && entry.blockedUntil > now ? entry.blockedUntil : 0;
      entry = { hits: 0, windowEndsAt: now + ttl, blockedUntil };
      this.entries.delete(key);
      if (this.entries.size >= this.options.maxEntries) {
        this.evictOldest();
      }
      this.entries.set(key, entry);
    }
    entry.hits += 1;
    if (entry.blockedUntil <= now && entry.hits > limit) {
      entry.blockedUntil = now + blockDuration;
    }
    return Promise.resolve(
      hitRecord(entry.hits, entry.windowEndsAt - now, entry.blockedUntil - now),
    );
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
    // The cursor holds on to the Map's previous backing store until its next step.
    this.evictionCursor = undefined;
    return removed;
  }

  start(): void {
    this.sweeper ??= setInterval(() => this.sweep(), this.options.sweepIntervalMs).unref();
  }

  stop(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.entries.clear();
    this.evictionCursor = undefined;
  }

  private evictOldest(): void {
    // One cursor across evictions: every key before it is deleted, so it yields the oldest window
    // without rescanning the holes at the Map's front (a fresh keys() costs ~20 µs at 50k entries).
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
