import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';
import { setTimeout as delay } from 'node:timers/promises';
import { type ThrottleConfig, throttleConfig } from '../config/throttle.config';
import {
  hitRecord,
  MemoryThrottlerStorage,
  type ThrottlerStorageRecord,
} from './memory-throttler-storage';
import { ReplyWatch, type ReplyWatchOptions } from './reply-watch';

const CONNECT_WAIT_MS = 1000; // the longest a boot waits (connectTimeout covers TCP only)
const PROBE_INTERVAL_MS = 1000; // in both modes: finds an outage without traffic, and its end
export const REPLY_WATCH: ReplyWatchOptions = { silenceMs: 250, maxWaitMs: 1000 };

/** A key's hit counter and block marker; the `{...}` hash tag keeps both in one Cluster slot. */
export function redisKeys(key: string): readonly [hits: string, block: string] {
  return [`ata:rl:{${key}}:h`, `ata:rl:{${key}}:b`];
}

// One atomic hit as MemoryThrottlerStorage counts it (ARGV: window ms, limit, block ms). Ours,
// not @nest-lab's, which sends the whole script with EVAL on every hit (defineCommand: EVALSHA).
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

/** `ip` runs before the JWT guard (bad tokens never reach a signature check), `user` after it. */
export type ThrottleTierName = 'ip' | 'user';

/** A snapshot for readiness and metrics. Counters only grow (Prometheus counters). */
export interface RateLimitState {
  // `memory-fallback`: Redis unreachable, each replica limits on its own (N × the limit).
  readonly storage: 'memory' | 'redis' | 'memory-fallback';
  readonly degraded: boolean; // true in `memory-fallback`
  readonly fallbacksTotal: number; // falls from Redis to memory, at boot included
  readonly fallbackDecisionsTotal: number; // hits counted in memory while Redis was unreachable
  readonly memoryEntries: number; // keys the memory storage holds now (a gauge)
  readonly rejectionsTotal: Readonly<Record<ThrottleTierName, number>>; // 429s per tier
}

type ScriptedRedis = Redis & { throttleHit(...keysAndArgs: (string | number)[]): Promise<unknown> };

/** Memory, or Redis while it answers; on a failure, memory until a probe finds Redis again. */
@Injectable()
export class RateLimitStorageService
  implements ThrottlerStorage, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('RateLimit');
  private readonly memory = new MemoryThrottlerStorage();
  private readonly redis: ScriptedRedis | undefined;
  private readonly replies = new ReplyWatch(REPLY_WATCH);
  // `redis` until the first failure: the app listens only after onApplicationBootstrap.
  private mode: RateLimitState['storage'] = 'memory';
  private fallbacks = 0;
  private fallbackDecisions = 0;
  private readonly rejections: Record<ThrottleTierName, number> = { ip: 0, user: 0 };
  private prober: NodeJS.Timeout | undefined;
  private probing = false;
  private stopped = false;

  constructor(@Inject(throttleConfig.KEY) { redisUrl }: ThrottleConfig) {
    if (redisUrl === undefined) {
      return;
    }
    // Every command fails fast (no offline queue, one try, ReplyWatch); reconnects every <= 1 s.
    this.redis = new Redis(redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 500,
      disconnectTimeout: 200, // how long a shutdown waits for a hung server to close
      retryStrategy: (attempt: number) => Math.min(attempt * 100, 1000),
    }) as ScriptedRedis;
    this.redis.defineCommand('throttleHit', { numberOfKeys: 2, lua: HIT_SCRIPT });
    this.mode = 'redis';
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number) {
    if (this.redis && this.mode === 'redis') {
      try {
        return await this.redisHit(this.redis, key, ttl, limit, blockDuration);
      } catch (error) {
        this.fallBack(error);
      }
    }
    if (this.redis) {
      this.fallbackDecisions += 1;
    }
    return this.memory.increment(key, ttl, limit, blockDuration);
  }

  recordRejection(tier: ThrottleTierName): void {
    this.rejections[tier] += 1;
  }

  state(): RateLimitState {
    return {
      storage: this.mode,
      degraded: this.mode === 'memory-fallback',
      fallbacksTotal: this.fallbacks,
      fallbackDecisionsTotal: this.fallbackDecisions,
      memoryEntries: this.memory.size,
      rejectionsTotal: { ...this.rejections },
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    this.memory.start();
    const { redis } = this;
    if (!redis) {
      return;
    }
    // ioredis emits connection errors as events (and complains on stderr if nobody listens).
    redis.on('error', (error: unknown) => this.fallBack(error));
    redis.on('close', () => this.fallBack(new Error('connection closed')));
    redis.on('ready', () => void this.probe(redis));
    this.prober = setInterval(() => void this.probe(redis), PROBE_INTERVAL_MS).unref();
    // The app listens once this returns; a failure leaves ioredis reconnecting in the background.
    const connected = redis.connect().then(
      () => true,
      (error: unknown) => {
        this.fallBack(error);
        return false;
      },
    );
    if (await Promise.race([connected, delay(CONNECT_WAIT_MS, false, { ref: false })])) {
      this.logger.log('rate limits are shared through Redis');
    } else {
      this.fallBack(new Error(`no answer within ${CONNECT_WAIT_MS} ms at startup`));
    }
  }

  onApplicationShutdown(): void {
    if (this.stopped) {
      return;
    }
    this.stopped = true;
    clearInterval(this.prober);
    this.memory.stop();
    this.redis?.disconnect(); // at once (no QUIT round trip), and no reconnecting
  }

  private async redisHit(
    redis: ScriptedRedis,
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<ThrottlerStorageRecord> {
    const [hitsKey, blockKey] = redisKeys(key);
    const reply = await this.replies.watch(
      redis.throttleHit(hitsKey, blockKey, ttl, limit, blockDuration),
    );
    if (!Array.isArray(reply) || reply.length !== 3 || !reply.every(Number.isInteger)) {
      throw new Error('unexpected reply from the rate-limit script');
    }
    const [hits, windowMs, blockMs] = reply as [number, number, number];
    return hitRecord(hits, windowMs, blockMs);
  }

  /** A hit on key `probe` (no caller's), not a PING: a Redis refusing writes stays a fallback. */
  private async probe(redis: ScriptedRedis): Promise<void> {
    if (this.probing || this.stopped) {
      return;
    }
    this.probing = true;
    try {
      await this.redisHit(redis, 'probe', 1000, Number.MAX_SAFE_INTEGER, 1000);
      if (this.mode === 'memory-fallback' && !this.stopped) {
        this.mode = 'redis';
        this.logger.log('Redis reachable again: rate limits are shared across replicas again');
      }
    } catch (error) {
      this.fallBack(error);
    } finally {
      this.probing = false;
    }
  }

  private fallBack(error: unknown): void {
    if (this.mode !== 'redis' || this.stopped) {
      return;
    }
    this.mode = 'memory-fallback';
    this.fallbacks += 1;
    // ioredis messages name the failure and host:port, never the URL's credentials.
    const reason = error instanceof Error ? error.message : 'unknown error';
    this.logger.warn(
      `Redis unavailable (${reason}): rate limits are per replica, in memory, until it is back`,
    );
  }
}
