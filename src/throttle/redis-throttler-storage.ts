import type { ThrottlerStorage } from '@nestjs/throttler';
import Redis, { type RedisOptions } from 'ioredis';
import type { ThrottlerStorageRecord } from './memory-throttler-storage';
import { ReplyWatch, type ReplyWatchOptions } from './reply-watch';

/**
 * Every command answers or fails fast, so a request never waits long on Redis: nothing queues
 * while disconnected (`enableOfflineQueue: false` rejects at once), a command gets one try
 * (`maxRetriesPerRequest: 0`), and a Redis that stops answering is found by REPLY_WATCH (no
 * `commandTimeout`: a per-command timer fires against a healthy Redis whenever the event loop is
 * busy; see ReplyWatch). Reconnection runs in the background (`retryStrategy`), at most a second
 * apart, so Redis coming back is noticed within a second.
 */
export const REDIS_CLIENT_OPTIONS: RedisOptions = {
  lazyConnect: true,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  connectTimeout: 500,
  // How long a shutdown waits for a hung server to close the connection before destroying it.
  disconnectTimeout: 200,
  retryStrategy: (attempt: number) => Math.min(attempt * 100, 1000),
};

/**
 * A Redis that delivers no reply for 250 ms is unresponsive (a request waits that long once per
 * outage, then the limiter counts in memory); one command waits at most a second while Redis
 * answers others.
 */
export const REPLY_WATCH: ReplyWatchOptions = { silenceMs: 250, maxWaitMs: 1000 };

/** Every key this storage writes starts with this. */
export const REDIS_KEY_PREFIX = 'ata:rl:';

/**
 * The hit counter and block marker of a key. The `{...}` hash tag keeps both in one Redis Cluster
 * slot, as a script touching two keys requires.
 */
export function redisKeys(key: string): readonly [hits: string, block: string] {
  return [`${REDIS_KEY_PREFIX}{${key}}:h`, `${REDIS_KEY_PREFIX}{${key}}:b`];
}

/**
 * One atomic hit (the semantics of MemoryThrottlerStorage, and of @nest-lab's script): count the
 * hit in a window that starts at the first hit and lasts ARGV[1] ms; the hit that takes the count
 * over ARGV[2] blocks the key for ARGV[3] ms. Returns hits and the window's and the block's
 * remaining ms (the block's is <= 0 when not blocked).
 */
const HIT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
local windowTtl = redis.call('PTTL', KEYS[1])
if windowTtl < 0 then
  windowTtl = tonumber(ARGV[1])
  redis.call('PEXPIRE', KEYS[1], windowTtl)
end
local blockTtl = redis.call('PTTL', KEYS[2])
if blockTtl <= 0 and hits > tonumber(ARGV[2]) then
  blockTtl = tonumber(ARGV[3])
  redis.call('SET', KEYS[2], '1', 'PX', blockTtl)
end
return { hits, windowTtl, blockTtl }
`;

type ScriptedRedis = Redis & {
  throttleHit(
    hitsKey: string,
    blockKey: string,
    ttlMs: number,
    limit: number,
    blockMs: number,
  ): Promise<unknown>;
};

/**
 * Rate-limit storage shared by every replica. Our own script rather than wrapping
 * @nest-lab/throttler-storage-redis: theirs is sent in full with EVAL on every hit where
 * `defineCommand` sends EVALSHA; we own the key layout (prefix, hash tag, `redisKeys()` for
 * operators and tests); and one short script with the memory storage's exact semantics is
 * easier to keep equivalent than a dependency's. Errors are thrown: RateLimitStorageService
 * decides what a failure means.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  readonly client: ScriptedRedis;
  private readonly replies: ReplyWatch;

  constructor(
    url: string,
    options: RedisOptions = REDIS_CLIENT_OPTIONS,
    replyWatch: ReplyWatchOptions = REPLY_WATCH,
  ) {
    this.replies = new ReplyWatch(replyWatch);
    this.client = new Redis(url, options) as ScriptedRedis;
    this.client.defineCommand('throttleHit', { numberOfKeys: 2, lua: HIT_SCRIPT });
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<ThrottlerStorageRecord> {
    const [hitsKey, blockKey] = redisKeys(key);
    const reply = await this.replies.watch(
      this.client.throttleHit(hitsKey, blockKey, ttl, limit, blockDuration),
    );
    if (!isIntegerTriple(reply)) {
      throw new Error('unexpected reply from the rate-limit script');
    }
    const [totalHits, windowMs, blockMs] = reply;
    return {
      totalHits,
      timeToExpire: Math.ceil(windowMs / 1000),
      isBlocked: blockMs > 0,
      timeToBlockExpire: blockMs > 0 ? Math.ceil(blockMs / 1000) : 0,
    };
  }

  /**
   * One scripted hit on a key no caller has (callers' keys start with their tier), so a probe
   * proves what requests need (the script runs and may write), not only that Redis answers PING:
   * a Redis refusing writes (out of memory, a read-only replica) stays a fallback instead of
   * flapping between the two modes.
   */
  async probe(): Promise<void> {
    await this.increment('probe', 1000, Number.MAX_SAFE_INTEGER, 1000);
  }

  connect(): Promise<void> {
    return this.client.connect();
  }

  /** Closes the connection at once (no QUIT round trip) and stops reconnecting. */
  close(): void {
    this.client.disconnect();
  }
}

function isIntegerTriple(value: unknown): value is [number, number, number] {
  return (
    Array.isArray(value) &&
    value.length === 3 &&
    value.every((item) => typeof item === 'number' && Number.isInteger(item))
  );
}
