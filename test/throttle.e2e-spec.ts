import type { RawEnv } from '../src/config/env.validation';
import { RateLimitStorageService } from '../src/throttle/rate-limit-storage.service';
import { CapturingLogger, startTestApp, type TestApp } from './support/app';
import { signCallerJwt } from './support/jwt';
import { TEST_ENV } from './support/test-env';

const GARBAGE = 'Bearer not.a.jwt';

function env(overrides: RawEnv): RawEnv {
  return { ...TEST_ENV, THROTTLE_IP_LIMIT: '1000', THROTTLE_USER_LIMIT: '1000', ...overrides };
}

function getSession(
  app: TestApp,
  headers: { authorization?: string; 'x-forwarded-for'?: string } = {},
): Promise<Response> {
  return fetch(`${app.baseUrl}/v1/session`, { headers: { ...headers } });
}

async function statuses(requests: Array<() => Promise<Response>>): Promise<number[]> {
  const result: number[] = [];
  for (const request of requests) {
    const response = await request();
    await response.arrayBuffer();
    result.push(response.status);
  }
  return result;
}

const times = <T>(n: number, make: (i: number) => T): T[] =>
  Array.from({ length: n }, (_, i) => make(i));

async function expectRateLimited(response: Response, maxRetryAfter: number): Promise<void> {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxRetryAfter);
  expect(await response.json()).toEqual({
    statusCode: 429,
    error: 'Too Many Requests',
    message: `rate limit exceeded; retry in ${retryAfter} s`,
    code: 'RATE_LIMITED',
  });
}

describe('rate limiting (in memory)', () => {
  const apps: TestApp[] = [];
  const start = async (overrides: RawEnv, logger?: CapturingLogger) => {
    const app = await startTestApp(env(overrides), { logger: logger ?? false });
    apps.push(app);
    return app;
  };
  afterAll(() => Promise.all(apps.map((app) => app.close())));

  describe('pre-auth limit per client IP', () => {
    it('should answer 429 with Retry-After to garbage tokens, which never reach JWT verification', async () => {
      const logger = new CapturingLogger();
      const app = await start({ THROTTLE_IP_LIMIT: '5', THROTTLE_IP_TTL_SECONDS: '30' }, logger);
      expect(
        await statuses(times(5, () => () => getSession(app, { authorization: GARBAGE }))),
      ).toEqual(times(5, () => 401));
      await expectRateLimited(await getSession(app, { authorization: GARBAGE }), 30);
      expect(
        await statuses(times(10, () => () => getSession(app, { authorization: GARBAGE }))),
      ).toEqual(times(10, () => 429));
      // The JWT guard logs the requests it refuses (up to 5 a minute per client): it saw the first
      // five, none of the rest.
      expect(logger.records.filter((record) => record.event === 'auth.failed')).toHaveLength(5);
      // A valid token from the same address is over the same per-IP budget.
      expect((await getSession(app, { authorization: `Bearer ${signCallerJwt()}` })).status).toBe(
        429,
      );
      expect(app.app.get(RateLimitStorageService).state()).toMatchObject({
        storage: 'memory',
        degraded: false,
        rejectionsTotal: { ip: 12, user: 0 },
      });
    });

    it('should not count or throttle the health probes', async () => {
      const app = await start({ THROTTLE_IP_LIMIT: '2' });
      const probes = [...times(20, () => 'live'), ...times(20, () => 'ready')].map(
        (probe) => () => fetch(`${app.baseUrl}/health/${probe}`),
      );
      expect(await statuses(probes)).toEqual(times(40, () => 200));
      const ready = (await (await fetch(`${app.baseUrl}/health/ready`)).json()) as {
        details: Record<string, unknown>;
      };
      expect(ready.details.rateLimit).toEqual({ status: 'up', storage: 'memory', degraded: false });
      // The probes took nothing from the budget: two requests pass, the third is limited.
      const token = `Bearer ${signCallerJwt()}`;
      expect(
        await statuses(times(3, () => () => getSession(app, { authorization: token }))),
      ).toEqual([200, 200, 429]);
    });
  });

  describe('post-auth limit per caller (iss + sub)', () => {
    it('should limit each caller independently, after authentication', async () => {
      const app = await start({ THROTTLE_USER_LIMIT: '3', THROTTLE_USER_TTL_SECONDS: '45' });
      const alice = `Bearer ${signCallerJwt({ sub: 'alice' })}`;
      const bob = `Bearer ${signCallerJwt({ sub: 'bob' })}`;
      expect(
        await statuses(times(3, () => () => getSession(app, { authorization: alice }))),
      ).toEqual([200, 200, 200]);
      await expectRateLimited(await getSession(app, { authorization: alice }), 45);
      // A fresh token for the same iss + sub is the same caller.
      const aliceAgain = `Bearer ${signCallerJwt({ sub: 'alice', jti: 'another-token' })}`;
      expect((await getSession(app, { authorization: aliceAgain })).status).toBe(429);
      expect(await statuses(times(3, () => () => getSession(app, { authorization: bob })))).toEqual(
        [200, 200, 200],
      );
      expect((await getSession(app, { authorization: bob })).status).toBe(429);
      // Requests without a session are not counted against anyone.
      expect((await getSession(app, { authorization: GARBAGE })).status).toBe(401);
      expect(app.app.get(RateLimitStorageService).state().rejectionsTotal).toEqual({
        ip: 0,
        user: 3,
      });
    });
  });

  describe('rate-limit headers (per-caller tier)', () => {
    const budgetOf = (response: Response) => ({
      status: response.status,
      limit: response.headers.get('x-ratelimit-limit'),
      remaining: response.headers.get('x-ratelimit-remaining'),
      reset: response.headers.get('x-ratelimit-reset'),
    });

    it("should tell each caller its own budget on successes and 429s, and nobody else's", async () => {
      const app = await start({ THROTTLE_USER_LIMIT: '3', THROTTLE_USER_TTL_SECONDS: '45' });
      const carol = `Bearer ${signCallerJwt({ sub: 'carol' })}`;
      const dave = `Bearer ${signCallerJwt({ sub: 'dave' })}`;
      const seen = [];
      for (let i = 0; i < 4; i++) {
        const response = await getSession(app, { authorization: carol });
        await response.arrayBuffer();
        seen.push(budgetOf(response));
      }
      expect(seen.map(({ status, limit, remaining }) => [status, limit, remaining])).toEqual([
        [200, '3', '2'],
        [200, '3', '1'],
        [200, '3', '0'],
        [429, '3', '0'],
      ]);
      for (const { reset } of seen.slice(0, 3)) {
        expect(Number(reset)).toBeGreaterThanOrEqual(44);
        expect(Number(reset)).toBeLessThanOrEqual(45);
      }
      const limited = await getSession(app, { authorization: carol });
      expect(limited.headers.get('x-ratelimit-reset')).toBe(limited.headers.get('retry-after'));
      // Another caller starts from its own full budget: carol's state shows nowhere.
      const other = await getSession(app, { authorization: dave });
      expect(budgetOf(other)).toMatchObject({ status: 200, limit: '3', remaining: '2' });
    });

    it('should not expose the per-IP budget (shared behind a NAT) on public or refused requests', async () => {
      const app = await start({ THROTTLE_IP_LIMIT: '2' });
      for (const response of [
        await fetch(`${app.baseUrl}/health/live`),
        await getSession(app, { authorization: GARBAGE }),
        await getSession(app, { authorization: GARBAGE }),
        await getSession(app, { authorization: GARBAGE }),
      ]) {
        expect([...response.headers.keys()].filter((name) => name.includes('ratelimit'))).toEqual(
          [],
        );
      }
    });
  });

  describe('X-Forwarded-For', () => {
    const token = `Bearer ${signCallerJwt()}`;
    const from = (app: TestApp, forwardedFor: string) => () =>
      getSession(app, { authorization: token, 'x-forwarded-for': forwardedFor });

    it('should be ignored with TRUSTED_PROXY_HOPS=0: every request counts against the peer', async () => {
      const app = await start({ THROTTLE_IP_LIMIT: '3' });
      const forged = times(5, (i) => from(app, `203.0.113.${i + 1}`));
      expect(await statuses(forged)).toEqual([200, 200, 200, 429, 429]);
    });

    it('should be honoured with TRUSTED_PROXY_HOPS=1: the address the proxy appended counts', async () => {
      const app = await start({ THROTTLE_IP_LIMIT: '3', TRUSTED_PROXY_HOPS: '1' });
      const distinct = times(5, (i) => from(app, `203.0.113.${i + 1}`));
      expect(await statuses(distinct)).toEqual([200, 200, 200, 200, 200]);
      // One client, whatever it writes left of what the proxy appended.
      const oneClient = [
        from(app, '198.51.100.7'),
        from(app, '10.9.9.9, 198.51.100.7'),
        from(app, '1.1.1.1,2.2.2.2, 198.51.100.7'),
        from(app, '::ffff:198.51.100.7'),
      ];
      expect(await statuses(oneClient)).toEqual([200, 200, 200, 429]);
      // A malformed header counts against the peer (127.0.0.1), which still has its budget.
      expect(await statuses(times(4, () => from(app, 'garbage')))).toEqual([200, 200, 200, 429]);
    });
  });
});
