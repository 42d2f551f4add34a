import { randomBytes, randomUUID } from 'node:crypto';
import { startJwksServer, type JwksServer } from './support/jwks-server';
import { generateSigningKey, signWith } from './support/jwt';
import { freePort, type MainProcess, spawnMain, waitForExit } from './support/main-process';
import { type OtlpReceiver, type OtlpSpan, startOtlpReceiver } from './support/otlp-receiver';
import {
  TEST_AGORA_CERTIFICATE,
  TEST_AGORA_CERTIFICATE_SECONDARY,
  TEST_ENV,
} from './support/test-env';

jest.setTimeout(60_000);

const SERVER = 2;
const CLIENT = 3;

/**
 * The real process (src/main.ts, tracing started before Nest loads) exports the spans of one
 * issuance to a real OTLP/HTTP receiver: the W3C parent is honoured, every step is a descendant of
 * the request's server span, the trace context reaches the JWKS endpoint, every log line of the
 * request carries the trace id, and no span holds a secret, token, JWT, subject or channel.
 */
describe('tracing (OpenTelemetry, OTLP/HTTP)', () => {
  // The IdP rotates to `next` after the service has cached `first`: the request signed with `next`
  // makes the service download the key set while serving it.
  const first = generateSigningKey('ES256', 'tracing-first');
  const next = generateSigningKey('ES256', 'tracing-next');
  let published = [first.jwk];
  const subject = `tracing-subject-${randomUUID()}`;
  const channel = `tracing-room-${randomBytes(4).toString('hex')}`;
  const traceId = randomBytes(16).toString('hex');
  const parentSpanId = randomBytes(8).toString('hex');
  const requestId = `tracing-${randomUUID()}`;
  const jwksTraceparents: string[] = [];
  let receiver: OtlpReceiver;
  let jwks: JwksServer;
  let child: MainProcess;
  let baseUrl: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    jwks = await startJwksServer();
    jwks.setHandler((request, response) => {
      jwksTraceparents.push(String(request.headers.traceparent ?? ''));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: published }));
    });
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const env = Object.fromEntries(
      Object.entries({
        ...TEST_ENV,
        AUTH_JWT_SECRET: undefined,
        AUTH_JWKS_URL: jwks.url,
        AUTH_JWKS_COOLDOWN_SECONDS: '1',
        AGORA_APP_CERTIFICATE_SECONDARY: undefined,
        REDIS_URL: 'redis://127.0.0.1:6379',
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_BSP_SCHEDULE_DELAY: '50',
      }).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    child = spawnMain(env);
    await waitUntil(async () => (await fetch(`${baseUrl}/health/ready`)).status === 200);
    // The boot-time download happened outside any request; the next may come after the cooldown.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    published = [first.jwk, next.jwk];
  });

  afterAll(async () => {
    child.kill('SIGTERM');
    await waitForExit(child);
    await jwks.stop();
    await receiver.close();
  });

  it('should export the spans of one issuance under the caller-supplied W3C parent', async () => {
    const jwt = signWith(next, {
      sub: subject,
      agora_uid: 42,
      agora_channels: [channel],
      scope: 'rtc:publish',
    });
    const response = await fetch(`${baseUrl}/v1/tokens/rtc`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${jwt}`,
        traceparent: `00-${traceId}-${parentSpanId}-01`,
        'x-request-id': requestId,
      },
      body: JSON.stringify({ channel, uid: 42, role: 'publisher' }),
    });
    const body = (await response.json()) as { token: string };
    expect({ status: response.status, body }).toEqual({
      status: 201,
      body: expect.objectContaining({ token: expect.any(String) }),
    });
    const { token } = body;

    const names = ['auth.jwks.fetch', 'auth.jwt.verify', 'policy.decide', 'token.build'];
    await waitUntil(() => {
      const exported = receiver.spans().filter((span) => span.traceId === traceId);
      return names.every((name) => exported.some((span) => span.name === name));
    });
    // The server span ends last, after the response is written.
    await waitUntil(() => receiver.spans().some((span) => span.parentSpanId === parentSpanId));
    const spans = receiver.spans().filter((span) => span.traceId === traceId);
    const byId = new Map(spans.map((span) => [span.spanId, span]));

    // The request: one server span, child of the caller's span.
    const server = spans.filter((span) => span.kind === SERVER);
    expect(server).toEqual([expect.objectContaining({ name: 'POST', parentSpanId, traceId })]);
    const root = server[0] as OtlpSpan;
    expect(attribute(root, 'http.response.status_code')).toBe(201);
    expect(attribute(root, 'url.path')).toBe('/v1/tokens/rtc');

    // Each step, and the Redis calls of the two rate limits, under the request's span.
    const ancestors = (span: OtlpSpan): string[] => {
      const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
      return parent ? [parent.name, ...ancestors(parent)] : [];
    };
    for (const name of names) {
      const step = spans.find((span) => span.name === name) as OtlpSpan;
      expect({ name, under: ancestors(step).at(-1) }).toEqual({ name, under: 'POST' });
    }
    const redis = spans.filter((span) => attribute(span, 'db.system.name') === 'redis');
    expect(redis.length).toBeGreaterThan(0);
    for (const call of redis) {
      expect(ancestors(call).at(-1)).toBe('POST');
      // The command only: keys and arguments name callers.
      expect(attribute(call, 'db.query.text')).toBe(call.name);
    }

    // The JWKS download: an HTTP client span under auth.jwks.fetch, the trace passed on.
    const fetchSpan = spans.find((span) => span.name === 'auth.jwks.fetch') as OtlpSpan;
    const download = spans.find(
      (span) => span.kind === CLIENT && span.parentSpanId === fetchSpan.spanId,
    );
    expect(download).toMatchObject({ name: 'GET' });
    expect(jwksTraceparents.filter((header) => header.includes(traceId))).toEqual([
      `00-${traceId}-${download?.spanId}-01`,
    ]);

    // Nothing secret or identifying in anything exported (attributes, names, resource).
    const exported = receiver.bodies().join('\n');
    for (const secret of [
      jwt,
      jwt.split('.')[2] ?? jwt,
      token,
      token.slice(3, 40),
      subject,
      channel,
      TEST_AGORA_CERTIFICATE,
      TEST_AGORA_CERTIFICATE_SECONDARY,
    ]) {
      expect(exported).not.toContain(secret);
    }
  });

  it('should put the trace id on every log line of the request', async () => {
    await waitUntil(() => child.output().includes(`"event":"token.issued"`));
    const lines = child
      .output()
      .split('\n')
      .filter((line) => line.includes(requestId))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      expect({ msg: line.msg, trace_id: line.trace_id }).toEqual({
        msg: line.msg,
        trace_id: traceId,
      });
    }
  });
});

function attribute(span: OtlpSpan, key: string): unknown {
  const value = span.attributes?.find((entry) => entry.key === key)?.value;
  if (value === undefined) {
    return undefined;
  }
  const [raw] = Object.values(value);
  // OTLP JSON encodes 64-bit integers as strings.
  return 'intValue' in value ? Number(raw) : raw;
}

async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      throw new Error('timed out');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
