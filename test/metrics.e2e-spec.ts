import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { RawEnv } from '../src/config/env.validation';
import { startTestApp, type TestApp } from './support/app';
import { startJwksServer } from './support/jwks-server';
import { generateSigningKey, signCallerJwt, signWith } from './support/jwt';
import { freePort, spawnMain, waitForExit } from './support/main-process';
import { keyEnv, TEST_AGORA_CERTIFICATE, TEST_ENV } from './support/test-env';
import { aliceJwt, expectIssued, expectRefused, post } from './support/tokens';

/** Alice may make two requests, the third one is over the per-caller limit. */
const ENV: RawEnv = { ...TEST_ENV, THROTTLE_IP_LIMIT: '1000', THROTTLE_USER_LIMIT: '3' };

async function scrape(url: string | null, authorization?: string): Promise<Response> {
  if (url === null) {
    throw new Error('metrics are off');
  }
  return fetch(url, { headers: authorization === undefined ? {} : { authorization } });
}

/** The sample lines of `name` (no HELP/TYPE). */
const samples = (text: string, name: string) =>
  text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));

describe('metrics (Prometheus, own port)', () => {
  let app: TestApp;
  let exposition: string;
  let issuedToken: string;
  const jwt = aliceJwt();
  const flooder = signCallerJwt({ sub: 'flooder-77' });

  beforeAll(async () => {
    app = await startTestApp(ENV);
    const issued = await post(
      app,
      '/v1/tokens/rtc',
      { channel: 'room-1', uid: 1001, role: 'publisher' },
      jwt,
    );
    expectIssued(issued);
    issuedToken = issued.body.token;
    const denied = await post(
      app,
      '/v1/tokens/rtc',
      { channel: 'room-9', uid: 1001, role: 'subscriber' },
      jwt,
    );
    expectRefused(denied, 403, 'CHANNEL_NOT_GRANTED');
    const garbage = await fetch(`${app.baseUrl}/v1/session?who=alice`, {
      headers: { authorization: 'Bearer not-a-jwt' },
    });
    expect(garbage.status).toBe(401);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${app.baseUrl}/v1/session`, {
        headers: { authorization: `Bearer ${flooder}` },
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await fetch(`${app.baseUrl}/nope/alice-1001?channel=room-1`)).status).toBe(404);
    const response = await scrape(app.metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    exposition = await response.text();
  });
  afterAll(() => app.close());

  it('should serve on a port of its own, never on the API port', async () => {
    expect(app.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(app.metricsUrl ?? '').port).not.toBe(new URL(app.baseUrl).port);
    expect((await fetch(`${app.baseUrl}/metrics`)).status).toBe(404);
  });

  it('should count the issued token per service, role and project', () => {
    expect(samples(exposition, 'ata_tokens_issued_total')).toEqual([
      'ata_tokens_issued_total{service="rtc",role="publisher",project="default"} 1',
    ]);
  });

  it('should count the denial by reason', () => {
    expect(exposition).toContain('ata_token_denials_total{reason="CHANNEL_NOT_GRANTED"} 1');
    expect(exposition).toContain('ata_token_denials_total{reason="UID_MISMATCH"} 0');
  });

  it('should time requests under their route pattern and status', () => {
    const count = (labels: string) => `ata_http_request_duration_seconds_count{${labels}} 1`;
    expect(exposition).toContain(count('method="POST",route="/v1/tokens/rtc",status_code="201"'));
    expect(exposition).toContain(count('method="POST",route="/v1/tokens/rtc",status_code="403"'));
    expect(exposition).toContain(count('method="GET",route="/v1/session",status_code="401"'));
    expect(exposition).toContain(count('method="GET",route="/v1/session",status_code="429"'));
    expect(exposition).toContain(count('method="GET",route="unmatched",status_code="404"'));
    expect(exposition).toContain(
      'ata_http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/v1/tokens/rtc",status_code="201"} 1',
    );
  });

  it('should report the rate limiter: 429s per tier, storage mode, fallbacks', () => {
    expect(samples(exposition, 'ata_rate_limit_rejections_total')).toEqual([
      'ata_rate_limit_rejections_total{tier="ip"} 0',
      'ata_rate_limit_rejections_total{tier="user"} 1',
    ]);
    expect(samples(exposition, 'ata_rate_limit_storage')).toEqual([
      'ata_rate_limit_storage{mode="memory"} 1',
      'ata_rate_limit_storage{mode="redis"} 0',
      'ata_rate_limit_storage{mode="memory-fallback"} 0',
    ]);
    expect(samples(exposition, 'ata_rate_limit_fallbacks_total')).toEqual([
      'ata_rate_limit_fallbacks_total 0',
    ]);
  });

  it('should include the default process metrics', () => {
    expect(exposition).toContain('process_cpu_user_seconds_total');
    expect(exposition).toContain('nodejs_heap_size_used_bytes');
    expect(exposition).toContain('ata_jwks_fetches_total{outcome="success"} 0');
  });

  it('should carry no subject, channel, uid, URL, token, JWT or certificate', () => {
    for (const text of [
      'alice',
      'flooder',
      'room-1',
      'room-9',
      '="1001"',
      '/nope',
      'who=',
      issuedToken,
      '007e',
      'eyJ',
      jwt.split('.')[2] ?? jwt,
      TEST_AGORA_CERTIFICATE,
    ]) {
      expect({ text, found: exposition.includes(text) }).toEqual({ text, found: false });
    }
  });
});

describe('metrics with METRICS_TOKEN', () => {
  const token = randomBytes(24).toString('base64url');
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ ...TEST_ENV, METRICS_TOKEN: token });
  });
  afterAll(() => app.close());

  it('should refuse a scrape without the bearer token, or with another one', async () => {
    for (const authorization of [undefined, `Bearer ${token.slice(1)}`, `Basic ${token}`, token]) {
      const response = await scrape(app.metricsUrl, authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(await response.text()).not.toContain('ata_');
    }
  });

  it('should serve the scrape that sends it', async () => {
    const response = await scrape(app.metricsUrl, `Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('ata_tokens_issued_total');
  });
});

describe('metrics of the JWKS client', () => {
  it('should count successful and failed fetches', async () => {
    const key = generateSigningKey('ES256', 'es-1');
    const jwks = await startJwksServer([key.jwk]);
    const app = await startTestApp({
      ...keyEnv({ AUTH_JWKS_URL: jwks.url }),
      AUTH_JWKS_COOLDOWN_SECONDS: '1',
    });
    try {
      const ok = await fetch(`${app.baseUrl}/v1/session`, {
        headers: { authorization: `Bearer ${signWith(key)}` },
      });
      expect(ok.status).toBe(200);
      await jwks.stop();
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const unknownKid = signWith(generateSigningKey('ES256', 'es-2'));
      const unavailable = await fetch(`${app.baseUrl}/v1/session`, {
        headers: { authorization: `Bearer ${unknownKid}` },
      });
      expect(unavailable.status).toBe(503);
      const text = await (await scrape(app.metricsUrl)).text();
      expect(text).toContain('ata_jwks_fetches_total{outcome="success"} 1');
      expect(text).toContain('ata_jwks_fetches_total{outcome="failure"} 1');
    } finally {
      await app.close();
    }
  });
});

describe('metrics off', () => {
  it('should open no metrics port with METRICS_PORT=off', async () => {
    const app = await startTestApp({ ...TEST_ENV, METRICS_PORT: 'off' });
    try {
      expect(app.metricsUrl).toBeNull();
    } finally {
      await app.close();
    }
  });
});

describe('main.ts with a taken METRICS_PORT', () => {
  it('should refuse to run (exit 1), as with a taken PORT', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port: taken } = blocker.address() as { port: number };
    try {
      const env = Object.fromEntries(
        Object.entries(TEST_ENV).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      );
      const child = spawnMain({
        ...env,
        HOST: '127.0.0.1',
        PORT: String(await freePort()),
        METRICS_PORT: String(taken),
      });
      const { code, output } = await waitForExit(child);
      expect(code).toBe(1);
      expect(output).toContain('EADDRINUSE');
    } finally {
      blocker.close();
    }
    // Starting main.ts through ts-node takes seconds on a busy machine; the assertion is the exit.
  }, 30_000);
});
