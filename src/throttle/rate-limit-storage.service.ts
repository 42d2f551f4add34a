import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { setTimeout as delay } from 'node:timers/promises';
import { type ThrottleConfig, throttleConfig } from '../config/throttle.config';
import { MemoryThrottlerStorage, type ThrottlerStorageRecord } from './memory-throttler-storage';
import type { RateLimitState, RateLimitStorageMode } from './rate-limit-state';
import { RedisThrottlerStorage } from './redis-throttler-storage';
import type { ThrottleTierName } from './throttle-tiers';

/**
 * The longest a boot waits for Redis. ioredis's connectTimeout covers the TCP connection only; a
 * server that accepts and never answers would otherwise hold the boot for seconds.
 */
const CONNECT_WAIT_MS = 1000;

/** How often Redis is probed, in both modes: finds an outage without traffic, and its end. */
const PROBE_INTERVAL_MS = 1000;

/**
 * The storage both throttler guards share, and the rate limiter's state for readiness and
 * metrics. In memory without REDIS_URL. With it, in Redis while Redis answers; on the first
 * failure (a refused or closed connection: at once; no reply at all for 250 ms: see ReplyWatch,
 * which tells a silent Redis from a busy event loop) it falls back to memory, so a request never waits on a Redis known to be down; a background
 * probe brings it back to Redis within about a second of Redis answering again, without a
 * restart. One log line per outage and one per recovery.
 */
@Injectable()
export class RateLimitStorageService
  implements ThrottlerStorage, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('RateLimit');
  private readonly memory = new MemoryThrottlerStorage();
  private readonly redis: RedisThrottlerStorage | undefined;
  // With Redis configured, `redis` until the first failure: the app listens only after
  // onApplicationBootstrap has tried to connect, so no request sees an untried connection.
  private mode: RateLimitStorageMode;
  private fallbacks = 0;
  private fallbackDecisions = 0;
  private readonly rejections: Record<ThrottleTierName, number> = { ip: 0, user: 0 };
  private prober: NodeJS.Timeout | undefined;
  private probing = false;
  private stopped = false;

  constructor(@Inject(throttleConfig.KEY) config: ThrottleConfig) {
    this.redis =
      config.redisUrl === undefined ? undefined : new RedisThrottlerStorage(config.redisUrl);
    this.mode = this.redis ? 'redis' : 'memory';
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<ThrottlerStorageRecord> {
    if (this.redis && this.mode === 'redis') {
      try {
        return await this.redis.increment(key, ttl, limit, blockDuration);
      } catch (error) {
        this.fallBack(error);
      }
    }
    if (this.redis) {
      this.fallbackDecisions += 1;
    }
    return this.memory.increment(key, ttl, limit, blockDuration);
  }

  /** Called by the guards on every 429. */
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
    if (!this.redis) {
      return;
    }
    const { client } = this.redis;
    // ioredis emits connection errors as events (and complains on stderr if nobody listens).
    client.on('error', (error: unknown) => this.fallBack(error));
    client.on('close', () => this.fallBack(new Error('connection closed')));
    client.on('ready', () => void this.probe());
    this.prober = setInterval(() => void this.probe(), PROBE_INTERVAL_MS).unref();
    // The app listens once this returns, so wait (a little) for the first connection; a failure
    // leaves ioredis reconnecting in the background.
    const connected = this.redis.connect().then(
      () => true,
      (error: unknown) => {
        this.fallBack(error);
        return false;
      },
    );
    const waited = delay(CONNECT_WAIT_MS, false, { ref: false });
    if (await Promise.race([connected, waited])) {
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
    this.redis?.close();
  }

  private async probe(): Promise<void> {
    if (!this.redis || this.probing || this.stopped) {
      return;
    }
    this.probing = true;
    try {
      await this.redis.probe();
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
