import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { signCallerJwt } from './support/jwt';
import {
  freePort,
  type MainProcess,
  spawnMain,
  waitForExit,
  waitForOutput,
} from './support/main-process';
import { TEST_ENV } from './support/test-env';

jest.setTimeout(60_000);

const DRAIN_DELAY_MS = 1500;
const CLIENTS = 16;

/** TEST_ENV for a child process: logs at info (the shutdown steps), no rate limit in the way. */
function childEnv(
  port: number,
  drainDelayMs: number,
  extra: Record<string, string>,
): Record<string, string> {
  const env = Object.entries({
    ...TEST_ENV,
    ...extra,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    SHUTDOWN_DRAIN_DELAY_MS: String(drainDelayMs),
    THROTTLE_IP_LIMIT: '1000000',
    THROTTLE_USER_LIMIT: '1000000',
  }).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return Object.fromEntries(env);
}

/** Children still running at the end of a test are killed (a failed test must not leak them). */
const children: MainProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
  }
});

async function startMain(
  drainDelayMs: number,
  extra: Record<string, string> = {},
): Promise<{ child: MainProcess; baseUrl: string }> {
  const port = await freePort();
  const child = spawnMain(childEnv(port, drainDelayMs, extra));
  children.push(child);
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while ((await fetch(`${baseUrl}/health/ready`).catch(() => null))?.status !== 200) {
    if (Date.now() > deadline || child.exitCode !== null) {
      throw new Error(`the app did not become ready; output:\n${child.output()}`);
    }
    await sleep(100);
  }
  return { child, baseUrl };
}

const authorization = `Bearer ${signCallerJwt({ agora_uid: 1001, agora_channels: ['demo-*'] })}`;

/** One protected request; resolves with its status, or the network error as a string. */
async function getSession(baseUrl: string): Promise<number | string> {
  try {
    const response = await fetch(`${baseUrl}/v1/session`, { headers: { authorization } });
    await response.arrayBuffer();
    return response.status;
  } catch (error) {
    return `${String(error)} (${String((error as { cause?: unknown }).cause)})`;
  }
}

describe('graceful shutdown (SIGTERM)', () => {
  it('should turn readiness 503, answer every request and exit 0', async () => {
    const { child, baseUrl } = await startMain(DRAIN_DELAY_MS);
    const exit = waitForExit(child);
    const outcomes: Array<number | string> = [];
    let sigtermAt = 0;
    let notReadyAt = 0;
    let notReadyBody: unknown;
    let notReadyConnection: string | null = null;

    // The load balancer: probes readiness and routes requests only while it answers 200.
    let routing = true;
    const probe = (async () => {
      while (routing) {
        const response = await fetch(`${baseUrl}/health/ready`);
        if (response.status === 503) {
          notReadyAt = Date.now();
          notReadyConnection = response.headers.get('connection');
          notReadyBody = await response.json();
          routing = false;
        } else {
          expect(response.status).toBe(200);
          await response.arrayBuffer();
          await sleep(10);
        }
      }
    })();
    const clients = Array.from({ length: CLIENTS }, async () => {
      while (routing) {
        outcomes.push(await getSession(baseUrl));
      }
    });

    await sleep(500);
    // In flight when the signal lands: sent just before it, not awaited yet.
    const inFlight = Array.from({ length: 32 }, () => getSession(baseUrl));
    child.kill('SIGTERM');
    sigtermAt = Date.now();
    await Promise.all([probe, ...clients]);
    const inFlightOutcomes = await Promise.all(inFlight);
    const { code, signal, output } = await exit;

    expect(inFlightOutcomes).toEqual(inFlight.map(() => 200));
    expect(outcomes.length).toBeGreaterThan(CLIENTS * 5);
    expect(outcomes.filter((outcome) => outcome !== 200)).toEqual([]);
    // Readiness turned 503 at once, long before the server stopped accepting connections.
    expect(notReadyAt - sigtermAt).toBeLessThan(DRAIN_DELAY_MS / 2);
    expect(notReadyBody).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'Service Unavailable',
      code: 'SERVICE_UNAVAILABLE',
    });
    // Draining: keep-alive clients are told to reconnect (elsewhere, through the balancer).
    expect(notReadyConnection).toBe('close');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(output).toContain('every request was answered');
  });

  it('should answer a request still arriving when the server stops accepting', async () => {
    const { child, baseUrl } = await startMain(300);
    const exit = waitForExit(child);
    const { port } = new URL(baseUrl);

    // A connection opened before the signal, its request headers only half sent.
    const socket = await open(Number(port));
    const response = readAll(socket);
    socket.write('GET /v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n');

    child.kill('SIGTERM');
    await waitForOutput(child, /no longer accepting connections/);
    await expectRefused(Number(port));
    socket.write(`Authorization: ${authorization}\r\n\r\n`);

    const text = await response;
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text.toLowerCase()).toContain('\r\nconnection: close\r\n');
    const { code, signal } = await exit;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });

  it('should close keep-alive connections once their request is answered, and exit 0 at once', async () => {
    const { child, baseUrl } = await startMain(300);
    const exit = waitForExit(child);
    const port = Number(new URL(baseUrl).port);
    const rtc = `Bearer ${signCallerJwt({ agora_uid: 1001, agora_channels: ['demo-*'], scope: 'rtc:publish' })}`;
    const body = JSON.stringify({ channel: 'demo-1', uid: 1001, role: 'publisher' });

    // A keep-alive client whose request is in flight when the signal lands: its headers (and
    // Fastify's onRequest hooks) are through, its body is not.
    const inFlight = await open(port);
    const inFlightText = readAll(inFlight);
    inFlight.write(
      `POST /v1/tokens/rtc HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n` +
        `Authorization: ${rtc}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    );
    // A keep-alive client that was answered before the signal and sits idle.
    const idle = await open(port);
    const idleText = readAll(idle);
    idle.write('GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    await sleep(200);

    const signalledAt = Date.now();
    child.kill('SIGTERM');
    await waitForOutput(child, /no longer accepting connections/);
    inFlight.write(body.slice(10));

    // Both connections are closed by the server (neither client closes its side).
    const [answered, idleAnswered] = await Promise.all([inFlightText, idleText]);
    expect(answered).toMatch(/^HTTP\/1\.1 201 /);
    expect(answered.toLowerCase()).toContain('\r\nconnection: close\r\n');
    expect(idleAnswered).toMatch(/^HTTP\/1\.1 200 /);
    const { code, signal, output } = await exit;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    // Drain delay (300 ms) plus the time to close: not the 10 s SHUTDOWN_TIMEOUT_MS.
    expect(Date.now() - signalledAt).toBeLessThan(4000);
    expect(output).toContain('every request was answered');
    expect(output).not.toContain('still in flight');
  });

  it('should cut requests still open after SHUTDOWN_TIMEOUT_MS and exit 1', async () => {
    const { child, baseUrl } = await startMain(0, { SHUTDOWN_TIMEOUT_MS: '1000' });
    const exit = waitForExit(child);
    // A request that never completes (its headers would time out only after 10 s).
    const socket = await open(Number(new URL(baseUrl).port));
    const closed = readAll(socket);
    socket.write('GET /v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n');

    const signalledAt = Date.now();
    child.kill('SIGTERM');
    await closed;
    const { code, signal, output } = await exit;
    expect(Date.now() - signalledAt).toBeLessThan(5000);
    expect({ code, signal }).toEqual({ code: 1, signal: null });
    expect(output).toContain('requests still in flight after 1000 ms');
  });

  it('should exit 0 on SIGINT too', async () => {
    const { child } = await startMain(0);
    child.kill('SIGINT');
    const { code, signal } = await waitForExit(child);
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });
});

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server sends until it closes the connection. */
function readAll(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.once('close', () => resolve(text));
    socket.once('error', reject);
  });
}

/**
 * New connections are refused once the server has stopped accepting. Retried briefly: until the
 * listening socket is closed a connection may still be accepted, or reset by the close.
 */
async function expectRefused(port: number): Promise<void> {
  const deadline = Date.now() + 2000;
  for (;;) {
    try {
      (await open(port)).destroy();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ECONNREFUSED') {
        return;
      }
    }
    if (Date.now() > deadline) {
      throw new Error('the server still accepts connections');
    }
    await sleep(20);
  }
}
