import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import type { ThrottleConfig } from '../src/config/throttle.config';
import { clientIp } from '../src/common/client-ip';
import {
  RateLimitStorageService,
  REPLY_WATCH,
  redisKeys,
} from '../src/throttle/rate-limit-storage.service';
import { throttleKey } from '../src/throttle/tier-throttler.guard';
import { CapturingLogger } from './support/app';
import { signCallerJwt } from './support/jwt';
import { freePort, type MainProcess, spawnMain, waitForExit } from './support/main-process';
import { TEST_ENV } from './support/test-env';

/**
 * Several real replicas (src/main.ts in child processes) against real Redis servers: the shared
 * one on 127.0.0.1:6379 (CI starts it) and throwaway redis-server processes this suite starts,
 * stops and kills.
 */
jest.setTimeout(120_000);

const SHARED_REDIS = 'redis://127.0.0.1:6379';
/** Requests must never wait long on a sick Redis (silent for 250 ms: unresponsive). */
const MAX_FALLBACK_LATENCY_MS = 800;

interface Replica {
  readonly process: MainProcess;
  readonly baseUrl: string;
}

async function startReplica(env: Record<string, string>): Promise<Replica> {
  const port = await freePort();
  const base = Object.fromEntries(
    Object.entries(TEST_ENV).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const child = spawnMain({
    ...base,
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: String(port),
    ...env,
  });
  return { process: child, baseUrl: `http://127.0.0.1:${port}` };
}

async function stopReplica(replica: Replica | undefined): Promise<void> {
  if (replica && replica.process.exitCode === null) {
    const exited = waitForExit(replica.process);
    replica.process.kill('SIGTERM');
    await exited;
  }
}

interface RateLimitHealth {
  status: string;
  storage: string;
  degraded: boolean;
}

async function readiness(replica: Replica): Promise<RateLimitHealth> {
  const response = await fetch(`${replica.baseUrl}/health/ready`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { details: { rateLimit: RateLimitHealth } };
  return body.details.rateLimit;
}

/** Polls readiness until the limiter reports `storage` (the replica may still be booting). */
async function waitForStorage(replica: Replica, storage: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = 'no answer';
  while (Date.now() < deadline) {
    try {
      const state = await readiness(replica);
      if (state.storage === storage) {
        return state;
      }
      last = state;
    } catch (error) {
      last = error;
    }
    await sleep(100);
  }
  throw new Error(
    `readiness never reported storage "${storage}" (last: ${JSON.stringify(last)}); output:\n${replica.process.output()}`,
  );
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * A client address in its own /64 of the documentation range (2^32 of them), so that keys in the
 * shared Redis are this run's alone.
 */
const uniqueIp = () =>
  `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}::1`;

function getSession(replica: Replica, authorization: string, forwardedFor: string) {
  return fetch(`${replica.baseUrl}/v1/session`, {
    headers: { authorization, 'x-forwarded-for': forwardedFor },
  });
}

async function statusOf(response: Promise<Response>): Promise<number> {
  const settled = await response;
  await settled.arrayBuffer();
  return settled.status;
}

function redisClient(url: string): Redis {
  return new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    retryStrategy: () => null,
  });
}

describe('rate limiting across replicas (shared Redis on 127.0.0.1:6379)', () => {
  let redis: Redis;
  let a: Replica;
  let b: Replica;
  let c: Replica;
  /** Every tracker this suite used, so that it removes only its own keys. */
  const used: Array<['ip' | 'user', string]> = [];

  beforeAll(async () => {
    redis = redisClient(SHARED_REDIS);
    try {
      await redis.connect();
      await redis.ping();
    } catch (error) {
      throw new Error(
        `this suite needs redis-server on 127.0.0.1:6379 (CI starts it; locally: redis-server --daemonize yes): ${String(error)}`,
      );
    }
    const env = {
      REDIS_URL: SHARED_REDIS,
      THROTTLE_IP_LIMIT: '10',
      THROTTLE_USER_LIMIT: '10',
      TRUSTED_PROXY_HOPS: '1',
      SWAGGER_ENABLED: 'true',
    };
    [a, b, c] = await Promise.all([startReplica(env), startReplica(env), startReplica(env)]);
    // Three replicas booting from source at once on a shared machine: give them time.
    await Promise.all([a, b, c].map((replica) => waitForStorage(replica, 'redis', 150_000)));
  }, 180_000);

  afterAll(async () => {
    await Promise.all([stopReplica(a), stopReplica(b), stopReplica(c)]);
    const keys = used.flatMap(([tier, tracker]) => redisKeys(throttleKey(tier, tracker)));
    if (keys.length > 0 && redis.status === 'ready') {
      await redis.del(...keys);
    }
    redis.disconnect();
  });

  it('should enforce one per-caller limit exactly across both replicas', async () => {
    const sub = `throttle-redis-${randomUUID()}`;
    used.push(['user', `${TEST_ENV.AUTH_JWT_ISSUER}\n${sub}`]);
    const token = `Bearer ${signCallerJwt({ sub })}`;
    const send = (replica: Replica) => {
      const ip = uniqueIp();
      used.push(['ip', clientIp(undefined, ip, 1)]);
      return statusOf(getSession(replica, token, ip));
    };
    // Alternating: 10 successes, 5 from each replica, then 429 from both.
    const statuses: Array<[string, number]> = [];
    for (let i = 0; i < 14; i++) {
      const replica = i % 2 === 0 ? a : b;
      statuses.push([replica === a ? 'a' : 'b', await send(replica)]);
    }
    expect(statuses).toEqual([
      ...Array.from({ length: 10 }, (_, i): [string, number] => [i % 2 === 0 ? 'a' : 'b', 200]),
      ['a', 429],
      ['b', 429],
      ['a', 429],
      ['b', 429],
    ]);
  });

  it('should tell the caller its shared budget from either replica', async () => {
    const sub = `throttle-redis-${randomUUID()}`;
    used.push(['user', `${TEST_ENV.AUTH_JWT_ISSUER}\n${sub}`]);
    const token = `Bearer ${signCallerJwt({ sub })}`;
    const seen: Array<[number, string | null, string | null]> = [];
    for (let i = 0; i < 12; i++) {
      const ip = uniqueIp();
      used.push(['ip', clientIp(undefined, ip, 1)]);
      const response = await getSession(i % 2 === 0 ? a : b, token, ip);
      await response.arrayBuffer();
      seen.push([
        response.status,
        response.headers.get('x-ratelimit-limit'),
        response.headers.get('x-ratelimit-remaining'),
      ]);
    }
    expect(seen).toEqual([
      ...Array.from({ length: 10 }, (_, i): [number, string, string] => [200, '10', String(9 - i)]),
      [429, '10', '0'],
      [429, '10', '0'],
    ]);
  });

  it('should count concurrent requests on both replicas atomically', async () => {
    const sub = `throttle-redis-${randomUUID()}`;
    used.push(['user', `${TEST_ENV.AUTH_JWT_ISSUER}\n${sub}`]);
    const token = `Bearer ${signCallerJwt({ sub })}`;
    const burst = Array.from({ length: 30 }, (_, i) => {
      const ip = uniqueIp();
      used.push(['ip', clientIp(undefined, ip, 1)]);
      return statusOf(getSession(i % 2 === 0 ? a : b, token, ip));
    });
    const statuses = await Promise.all(burst);
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20);
  });

  it('should issue exactly the limit to 1,000 concurrent requests over three replicas', async () => {
    // The burst saturates every replica's event loop; Redis stays healthy all along, so no
    // replica may take a slow loop for an outage and count in its own memory.
    const sub = `throttle-burst-${randomUUID()}`;
    used.push(['user', `${TEST_ENV.AUTH_JWT_ISSUER}\n${sub}`]);
    const token = `Bearer ${signCallerJwt({
      sub,
      agora_uid: 1001,
      agora_channels: ['burst-*'],
      scope: 'rtc:publish',
    })}`;
    const body = JSON.stringify({ channel: 'burst-1', uid: 1001, role: 'publisher' });
    const replicas = [a, b, c];
    const statuses = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => {
        const ip = uniqueIp();
        used.push(['ip', clientIp(undefined, ip, 1)]);
        const replica = replicas[i % replicas.length] as Replica;
        return statusOf(
          fetch(`${replica.baseUrl}/v1/tokens/rtc`, {
            method: 'POST',
            headers: {
              authorization: token,
              'content-type': 'application/json',
              'x-forwarded-for': ip,
            },
            body,
          }),
        );
      }),
    );
    const counts: Record<number, number> = {};
    statuses.forEach((status) => (counts[status] = (counts[status] ?? 0) + 1));
    expect(counts).toEqual({ 201: 10, 429: 990 });
    for (const replica of replicas) {
      expect(await readiness(replica)).toEqual({ status: 'up', storage: 'redis', degraded: false });
      expect(replica.process.output()).not.toContain('Redis unavailable');
    }
  });

  it('should enforce one pre-auth per-IP limit across both replicas, before JWT verification', async () => {
    const ip = uniqueIp();
    used.push(['ip', clientIp(undefined, ip, 1)]);
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      statuses.push(await statusOf(getSession(i % 2 === 0 ? a : b, 'Bearer garbage', ip)));
    }
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429, 429, 429, 429]);
    // The Swagger document and the health probes stay reachable for that address.
    for (const path of ['/docs-json', '/health/live', '/health/ready']) {
      const response = await fetch(`${a.baseUrl}${path}`, { headers: { 'x-forwarded-for': ip } });
      expect([path, response.status]).toEqual([path, 200]);
    }
  });

  it('should report the shared storage in readiness', async () => {
    expect(await readiness(a)).toEqual({ status: 'up', storage: 'redis', degraded: false });
  });
});

/** A redis-server of our own on a free port, to stop, kill and restart under a replica. */
class OwnRedis {
  private server: ChildProcess | undefined;
  constructor(readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const own = new OwnRedis(await freePort());
    await own.restart();
    return own;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    const server = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.server = server;
    await new Promise<void>((ready, fail) => {
      let output = '';
      server.once('error', (error) =>
        fail(new Error(`cannot start redis-server: ${error.message}`)),
      );
      server.once('exit', () => fail(new Error(`redis-server exited:\n${output}`)));
      server.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          ready();
        }
      });
    });
  }

  signal(signal: NodeJS.Signals): void {
    this.server?.kill(signal);
  }

  async kill(): Promise<void> {
    const server = this.server;
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((done) => server.once('exit', done));
      server.kill('SIGCONT');
      server.kill('SIGKILL');
      await exited;
    }
  }
}

describe('rate limiting when Redis fails (a replica on a redis-server of its own)', () => {
  let own: OwnRedis;
  let replica: Replica;

  beforeAll(async () => {
    own = await OwnRedis.start();
    replica = await startReplica({ REDIS_URL: own.url, THROTTLE_IP_LIMIT: '1000' });
    await waitForStorage(replica, 'redis');
  });

  afterAll(async () => {
    await stopReplica(replica);
    await own?.kill();
  });

  /** Sends `count` requests (fresh callers): each must succeed, and quickly. */
  async function expectServedQuickly(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const token = `Bearer ${signCallerJwt({ sub: `fallback-${randomUUID()}` })}`;
      const started = performance.now();
      const status = await statusOf(getSession(replica, token, '192.0.2.1'));
      const elapsed = performance.now() - started;
      expect([i, status]).toEqual([i, 200]);
      expect(elapsed).toBeLessThan(MAX_FALLBACK_LATENCY_MS);
    }
  }

  const logCount = (pattern: RegExp) =>
    replica.process
      .output()
      .split('\n')
      .filter((line) => pattern.test(line)).length;

  it('should fall back to memory while Redis does not answer, then resume Redis', async () => {
    await expectServedQuickly(5);
    // A stopped server keeps its connections open and answers nothing: a blackhole.
    own.signal('SIGSTOP');
    await expectServedQuickly(20);
    expect(await readiness(replica)).toEqual({
      status: 'up',
      storage: 'memory-fallback',
      degraded: true,
    });
    own.signal('SIGCONT');
    await waitForStorage(replica, 'redis', 5_000);
    await expectServedQuickly(5);
  });

  it('should fall back to memory when Redis dies, and resume when it is back, without a restart', async () => {
    await own.kill();
    await expectServedQuickly(20);
    const degraded = await fetch(`${replica.baseUrl}/health/ready`);
    expect(degraded.status).toBe(200);
    const body = await degraded.text();
    expect(JSON.parse(body)).toMatchObject({
      status: 'ok',
      details: { rateLimit: { status: 'up', storage: 'memory-fallback', degraded: true } },
    });
    // No internals: neither where Redis is nor what went wrong.
    expect(body).not.toContain(String(own.port));
    expect(body).not.toMatch(/redis:|ECONN|timed out|closed/i);

    await own.restart();
    await waitForStorage(replica, 'redis', 5_000);
    // Hits land in the restarted (empty) server again: the shared counter is visible there.
    const sub = `resumed-${randomUUID()}`;
    const token = `Bearer ${signCallerJwt({ sub })}`;
    expect(await statusOf(getSession(replica, token, '192.0.2.1'))).toBe(200);
    const check = redisClient(own.url);
    try {
      await check.connect();
      const [hits] = redisKeys(throttleKey('user', `${TEST_ENV.AUTH_JWT_ISSUER}\n${sub}`));
      expect(await check.get(hits)).toBe('1');
    } finally {
      check.disconnect();
    }
  });

  it('should have logged each outage and each recovery once', () => {
    expect(logCount(/Redis unavailable/)).toBe(2);
    expect(logCount(/Redis reachable again/)).toBe(2);
  });
});

describe(`${RateLimitStorageService.name} (in process, on a redis-server of its own)`, () => {
  const logger = new CapturingLogger();
  const services: RateLimitStorageService[] = [];
  const servers: OwnRedis[] = [];
  const sockets: Socket[] = [];
  beforeAll(() => Logger.overrideLogger(logger));
  afterAll(async () => {
    services.forEach((service) => service.onApplicationShutdown());
    await Promise.all(servers.map((server) => server.kill()));
  });

  const serviceFor = (port: number) => {
    const config: ThrottleConfig = {
      ip: { limit: 100, ttlSeconds: 60 },
      user: { limit: 100, ttlSeconds: 60 },
      trustedProxyHops: 0,
      redisUrl: `redis://127.0.0.1:${port}`,
    };
    const service = new RateLimitStorageService(config);
    services.push(service);
    return service;
  };
  const hit = (service: RateLimitStorageService) =>
    service.increment(`user:${randomUUID()}`, 60_000, 100, 60_000);
  const until = async (condition: () => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) {
        throw new Error('condition not met in time');
      }
      await sleep(20);
    }
  };
  const timed = async <T>(work: () => Promise<T>): Promise<number> => {
    const started = performance.now();
    await work();
    return performance.now() - started;
  };

  it('should boot promptly with Redis down, count the outage, and move to Redis once it is up', async () => {
    const port = await freePort();
    const service = serviceFor(port);
    expect(await timed(() => service.onApplicationBootstrap())).toBeLessThan(1000);
    expect(service.state()).toEqual({
      storage: 'memory-fallback',
      degraded: true,
      fallbacksTotal: 1,
      fallbackDecisionsTotal: 0,
      memoryEntries: 0,
      rejectionsTotal: { ip: 0, user: 0 },
    });
    expect(await timed(() => hit(service))).toBeLessThan(50);
    expect(service.state()).toMatchObject({ fallbackDecisionsTotal: 1, memoryEntries: 1 });

    const own = new OwnRedis(port);
    servers.push(own);
    await own.restart();
    await until(() => service.state().storage === 'redis', 5_000);
    await hit(service);
    service.recordRejection('user');
    expect(service.state()).toMatchObject({
      storage: 'redis',
      degraded: false,
      fallbacksTotal: 1,
      fallbackDecisionsTotal: 1,
      rejectionsTotal: { ip: 0, user: 1 },
    });
  });

  it('should boot within a second against a port that accepts connections and never answers', async () => {
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((listening) => silent.listen(0, '127.0.0.1', listening));
    try {
      const service = serviceFor((silent.address() as AddressInfo).port);
      const boot = await timed(() => service.onApplicationBootstrap());
      expect(boot).toBeLessThan(1500);
      expect(service.state()).toMatchObject({ storage: 'memory-fallback', degraded: true });
      for (let i = 0; i < 20; i++) {
        expect(await timed(() => hit(service))).toBeLessThan(50);
      }
      service.onApplicationShutdown();
    } finally {
      sockets.forEach((socket) => socket.destroy());
      silent.close();
    }
  });

  it('should bound the added latency to the command timeout while Redis hangs', async () => {
    const own = await OwnRedis.start();
    servers.push(own);
    const service = serviceFor(own.port);
    await service.onApplicationBootstrap();
    expect(service.state().storage).toBe('redis');
    const before = logger.lines.length;

    own.signal('SIGSTOP');
    // The first hit waits for the 250 ms silence window; the next ones go straight to memory.
    const first = await timed(() => hit(service));
    expect(first).toBeGreaterThanOrEqual(REPLY_WATCH.silenceMs - 10);
    expect(first).toBeLessThan(REPLY_WATCH.silenceMs + 250);
    for (let i = 0; i < 100; i++) {
      expect(await timed(() => hit(service))).toBeLessThan(50);
    }
    expect(service.state()).toMatchObject({
      storage: 'memory-fallback',
      fallbacksTotal: 1,
      fallbackDecisionsTotal: 101,
    });

    own.signal('SIGCONT');
    await until(() => service.state().storage === 'redis', 5_000);
    const lines = logger.lines.slice(before);
    expect(lines.filter((line) => line.includes('Redis unavailable'))).toEqual([
      expect.stringContaining(`no reply from Redis for ${REPLY_WATCH.silenceMs} ms`),
    ]);
    expect(lines.filter((line) => line.includes('Redis reachable again'))).toHaveLength(1);
    expect(lines.join('\n')).not.toContain(own.url);
  });
});
