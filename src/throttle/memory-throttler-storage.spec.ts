import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MemoryThrottlerStorage, type MemoryStorageOptions } from './memory-throttler-storage';

const TTL = 60_000;
const LIMIT = 3;
const BLOCK = 60_000;

/** A storage on a clock the test moves. */
function storageAt(start: number, options: Partial<MemoryStorageOptions> = {}) {
  const clock = { now: start };
  const storage = new MemoryThrottlerStorage({
    maxEntries: 1_000_000,
    sweepIntervalMs: 10_000,
    now: () => clock.now,
    ...options,
  });
  const hit = (key = 'k', ttl = TTL, limit = LIMIT, block = BLOCK) =>
    storage.increment(key, ttl, limit, block);
  return { storage, clock, hit };
}

describe(MemoryThrottlerStorage.name, () => {
  describe('hits, windows and blocks', () => {
    it('should count hits up to the limit without blocking', async () => {
      const { hit } = storageAt(1_000_000);
      for (let n = 1; n <= LIMIT; n++) {
        expect(await hit()).toEqual({
          totalHits: n,
          timeToExpire: 60,
          isBlocked: false,
          timeToBlockExpire: 0,
        });
      }
    });

    it('should block the hit over the limit for blockDuration, its Retry-After in seconds', async () => {
      const { hit, clock } = storageAt(1_000_000);
      for (let n = 0; n < LIMIT; n++) {
        await hit();
      }
      clock.now += 10_000;
      expect(await hit()).toEqual({
        totalHits: LIMIT + 1,
        timeToExpire: 50,
        isBlocked: true,
        timeToBlockExpire: 60,
      });
    });

    it('should round the remaining times up, never to 0 while blocked', async () => {
      const { hit, clock } = storageAt(1_000_000);
      for (let n = 0; n <= LIMIT; n++) {
        await hit();
      }
      clock.now += 100;
      expect(await hit()).toMatchObject({ timeToExpire: 60, timeToBlockExpire: 60 });
      clock.now += 59_850;
      expect(await hit()).toMatchObject({ isBlocked: true, timeToExpire: 1, timeToBlockExpire: 1 });
    });

    it('should keep counting while blocked and keep the block until it ends', async () => {
      const { hit, clock } = storageAt(1_000_000);
      for (let n = 0; n <= LIMIT; n++) {
        await hit();
      }
      clock.now += 30_000;
      expect(await hit()).toMatchObject({
        totalHits: LIMIT + 2,
        isBlocked: true,
        timeToBlockExpire: 30,
      });
    });

    it('should start a fresh window once the window and the block have ended', async () => {
      const { hit, clock } = storageAt(1_000_000);
      for (let n = 0; n <= LIMIT; n++) {
        await hit();
      }
      clock.now += BLOCK;
      expect(await hit()).toEqual({
        totalHits: 1,
        timeToExpire: 60,
        isBlocked: false,
        timeToBlockExpire: 0,
      });
    });

    it('should restart the count when the window ends, without a block', async () => {
      const { hit, clock } = storageAt(1_000_000);
      await hit();
      await hit();
      clock.now += TTL;
      expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false, timeToExpire: 60 });
    });

    it('should keep a block that outlasts the window, counting in a new window', async () => {
      const { hit, clock } = storageAt(1_000_000);
      const longBlock = () => hit('k', 10_000, 1, 30_000);
      await longBlock();
      expect(await longBlock()).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
      clock.now += 10_000;
      expect(await longBlock()).toEqual({
        totalHits: 1,
        timeToExpire: 10,
        isBlocked: true,
        timeToBlockExpire: 20,
      });
      clock.now += 20_000;
      expect(await longBlock()).toMatchObject({ totalHits: 1, isBlocked: false });
    });

    it('should count keys independently', async () => {
      const { hit } = storageAt(1_000_000);
      for (let n = 0; n <= LIMIT; n++) {
        await hit('a');
      }
      expect(await hit('a')).toMatchObject({ isBlocked: true });
      expect(await hit('b')).toMatchObject({ totalHits: 1, isBlocked: false });
    });
  });

  describe('memory bound', () => {
    it('should sweep only entries whose window and block have ended', async () => {
      const { storage, hit, clock } = storageAt(1_000_000);
      await hit('short', 1_000);
      await hit('long', 120_000);
      await hit('blocked', 1_000, 0, 120_000);
      clock.now += 1_000;
      expect(storage.sweep()).toBe(1);
      expect(storage.size).toBe(2);
      clock.now += 119_000;
      expect(storage.sweep()).toBe(2);
      expect(storage.size).toBe(0);
    });

    it('should hold 200k distinct callers, then sweep back to 0 once their ttl has passed', async () => {
      const { storage, hit, clock } = storageAt(1_000_000);
      for (let n = 0; n < 200_000; n++) {
        await hit(`caller-${n}`);
      }
      expect(storage.size).toBe(200_000);
      clock.now += TTL - 1;
      expect(storage.sweep()).toBe(0);
      clock.now += 1;
      expect(storage.sweep()).toBe(200_000);
      expect(storage.size).toBe(0);
    });

    it('should never hold more than maxEntries, evicting the window that started first', async () => {
      const { storage, hit, clock } = storageAt(1_000_000, { maxEntries: 50_000 });
      for (let n = 0; n < 200_000; n++) {
        await hit(`caller-${n}`);
        clock.now += 1;
      }
      expect(storage.size).toBe(50_000);
      // The most recent callers are still counted; the oldest were forgotten (count restarts).
      expect(await hit('caller-199999')).toMatchObject({ totalHits: 2 });
      expect(await hit('caller-0')).toMatchObject({ totalHits: 1 });
      expect(storage.size).toBe(50_000);
    });

    it('should give the heap back: 200k callers, then sweep, cost (almost) nothing', async () => {
      const gc = exposeGc();
      const heap = () => {
        gc();
        return process.memoryUsage().heapUsed;
      };
      const { storage, hit, clock } = storageAt(1_000_000, { maxEntries: 100_000 });
      const baseline = heap();
      for (let n = 0; n < 200_000; n++) {
        await hit(`user:${n.toString(36).padStart(43, '0')}`);
      }
      const full = heap() - baseline;
      expect(storage.size).toBe(100_000);
      // ~200-350 bytes per entry (these test keys cost more than hashes); a hard cap on entries
      // is a hard cap on bytes.
      expect(full).toBeLessThan(100_000 * 400);
      clock.now += TTL;
      storage.sweep();
      expect(storage.size).toBe(0);
      expect(heap() - baseline).toBeLessThan(2 * 1024 * 1024);
    });
  });

  describe('sweep timer', () => {
    afterEach(() => jest.useRealTimers());

    it('should sweep on its interval without keeping the process alive', async () => {
      jest.useFakeTimers({ now: 1_000_000 });
      const storage = new MemoryThrottlerStorage({ maxEntries: 10, sweepIntervalMs: 10_000 });
      storage.start();
      await storage.increment('k', 5_000, 1, 5_000);
      jest.advanceTimersByTime(10_000);
      expect(storage.size).toBe(0);
      storage.stop();
    });

    it('should use an unref-ed timer', () => {
      const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
      const before = timers();
      const storage = new MemoryThrottlerStorage();
      storage.start();
      expect(timers()).toBe(before);
      storage.stop();
    });
  });
});

/** `global.gc` without `node --expose-gc` (jest runs specs in workers it starts itself). */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
