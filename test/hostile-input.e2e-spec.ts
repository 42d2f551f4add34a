import { setTimeout as sleep } from 'node:timers/promises';
import { ShutdownService } from '../src/lifecycle/graceful-shutdown';
import { CapturingLogger, startTestApp, type TestApp } from './support/app';
import { signCallerJwt } from './support/jwt';
import { open, rawRequest, readAll } from './support/raw-http';
import { TEST_ENV } from './support/test-env';

jest.setTimeout(60_000);

/**
 * Input an attacker controls, sent over real HTTP: bodies nested deep enough to overflow a
 * recursive walker, encodings other than UTF-8, oversized headers, bodies cut off half way, junk
 * bursts. None of it may reach a 500, and none of it may write an error-level log line.
 */
const authorization = `Bearer ${signCallerJwt({
  agora_uid: 1001,
  agora_channels: ['demo-*'],
  scope: 'rtc:publish',
})}`;

const errorLines = (logger: CapturingLogger) =>
  logger.records.filter((record) => ['error', 'fatal'].includes(String(record.level)));

const codeOf = async (response: Response) => ((await response.json()) as { code?: string }).code;

const nestedArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('hostile input', () => {
  const logger = new CapturingLogger();
  let app: TestApp;
  let port: number;

  beforeAll(async () => {
    app = await startTestApp(
      { ...TEST_ENV, THROTTLE_IP_LIMIT: '100000', THROTTLE_USER_LIMIT: '100000' },
      { logger },
    );
    port = Number(new URL(app.baseUrl).port);
  });
  afterAll(() => app.close());

  const postRtc = (body: string, contentType = 'application/json') =>
    fetch(`${app.baseUrl}/v1/tokens/rtc`, {
      method: 'POST',
      headers: { authorization, 'content-type': contentType },
      body,
    });

  describe('nesting depth', () => {
    it.each([
      ['1,500 nested arrays as channel', `{"channel":${nestedArray(1500)},"uid":1001}`],
      ['1,500 nested arrays in an unknown field', `{"channel":"demo-1","x":${nestedArray(1500)}}`],
      [
        '1,500 nested objects in an unknown field',
        `{"channel":"demo-1","x":${nestedObject(1500)}}`,
      ],
      ['8,000 nested arrays (as deep as 16 KiB goes)', `{"channel":${nestedArray(8000)}}`],
      ['33 levels (one past the bound)', `{"channel":"demo-1","x":${nestedArray(32)}}`],
    ])('should refuse %s with 400 INVALID_JSON, quickly', async (_case, body) => {
      const started = Date.now();
      const response = await postRtc(body);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'request body nests deeper than 32 levels',
        code: 'INVALID_JSON',
      });
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('should parse 32 levels (the bound) and go on to validation', async () => {
      const response = await postRtc(`{"channel":"demo-1","uid":1001,"x":${nestedArray(31)}}`);
      expect(response.status).not.toBe(500);
      expect(await codeOf(response)).not.toBe('INVALID_JSON');
    });

    it('should count brackets inside strings as text, not nesting', async () => {
      const response = await postRtc(
        JSON.stringify({ channel: 'demo-1', uid: 1001, role: 'publisher', note: '['.repeat(100) }),
      );
      expect(await codeOf(response)).not.toBe('INVALID_JSON');
    });

    it('should refuse 100,000 levels by size before parsing (413)', async () => {
      const response = await postRtc(`{"channel":${nestedArray(100_000)}}`);
      expect(response.status).toBe(413);
      expect(await codeOf(response)).toBe('PAYLOAD_TOO_LARGE');
    });
  });

  describe('encoding', () => {
    const valid = JSON.stringify({ channel: 'demo-1', uid: 1001, role: 'publisher' });

    it('should refuse a UTF-8 byte order mark before the JSON with 400 INVALID_JSON', async () => {
      const response = await postRtc(`\uFEFF${valid}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'request body starts with a byte order mark; send UTF-8 without one',
        code: 'INVALID_JSON',
      });
    });

    it.each([
      'application/json; charset=utf-16',
      'application/json; charset=UTF-16LE',
      'application/json;charset="utf-16"',
      'application/json; charset=iso-8859-1',
      'application/json; charset=utf8',
    ])('should refuse %s with 415', async (contentType) => {
      const response = await postRtc(valid, contentType);
      expect(response.status).toBe(415);
      expect(await response.json()).toEqual({
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: 'request body must be UTF-8 (charset absent or utf-8)',
        code: 'UNSUPPORTED_MEDIA_TYPE',
      });
    });

    it.each([
      'application/json',
      'application/json; charset=utf-8',
      'application/json; charset=UTF-8',
      'application/json; charset="utf-8"',
    ])('should accept %s', async (contentType) => {
      expect((await postRtc(valid, contentType)).status).toBe(201);
    });
  });

  describe('headers over 16 KiB (431)', () => {
    it('should answer with the envelope, Connection: close, security headers and a request id', async () => {
      const response = await rawRequest(
        port,
        `GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\nX-Junk: ${'j'.repeat(17 * 1024)}\r\n\r\n`,
      );
      expect(response.status).toBe(431);
      expect(JSON.parse(response.body)).toEqual({
        statusCode: 431,
        error: 'Request Header Fields Too Large',
        message: 'request headers exceed 16384 bytes',
        code: 'HEADERS_TOO_LARGE',
      });
      expect(response.headers).toMatchObject({
        connection: 'close',
        'content-type': 'application/json; charset=utf-8',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'cache-control': 'no-store',
        'content-security-policy': "default-src 'none';frame-ancestors 'none'",
      });
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('health responses', () => {
    it.each(['/health/live', '/health/ready'])(
      'should send Cache-Control: no-store on %s',
      async (path) => {
        const response = await fetch(`${app.baseUrl}${path}`);
        expect(response.status).toBe(200);
        expect(response.headers.get('cache-control')).toBe('no-store');
      },
    );
  });

  describe('client aborts', () => {
    it('should log a body cut off half way below error level', async () => {
      const before = logger.records.length;
      for (let i = 0; i < 5; i++) {
        const socket = await open(port);
        const closed = readAll(socket);
        socket.write(
          `POST /v1/tokens/rtc HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${authorization}\r\n` +
            'Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{"channel":"demo-',
        );
        await sleep(50);
        socket.destroy();
        await closed;
      }
      await sleep(300);
      const lines = logger.records.slice(before);
      expect(errorLines({ records: lines } as CapturingLogger)).toEqual([]);
      expect(lines.filter((line) => line.msg === 'request aborted by the client')).toHaveLength(5);
      expect((await fetch(`${app.baseUrl}/health/live`)).status).toBe(200);
    });
  });

  it('should answer /health/live after 1,000 junk requests (5 KB headers, no JWT), logging no error', async () => {
    const junk = 'x'.repeat(5 * 1024);
    const statuses = await Promise.all(
      Array.from({ length: 1000 }, async (_, i) => {
        const response = await fetch(`${app.baseUrl}/v1/session`, {
          headers: { 'x-junk': junk, 'x-forwarded-for': `198.51.100.${i % 250}` },
        });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    expect(new Set(statuses)).toEqual(new Set([401]));
    expect((await fetch(`${app.baseUrl}/health/live`)).status).toBe(200);
    expect(errorLines(logger)).toEqual([]);
  });
});

describe('hostile input from an address already rate limited', () => {
  const logger = new CapturingLogger();
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ ...TEST_ENV, THROTTLE_IP_LIMIT: '2' }, { logger });
  });
  afterAll(() => app.close());

  it('should log aborted bodies below error level', async () => {
    for (let i = 0; i < 3; i++) {
      await (await fetch(`${app.baseUrl}/v1/session`)).arrayBuffer();
    }
    const limited = await fetch(`${app.baseUrl}/v1/session`);
    expect(limited.status).toBe(429);
    for (let i = 0; i < 3; i++) {
      const socket = await open(Number(new URL(app.baseUrl).port));
      const closed = readAll(socket);
      socket.write(
        'POST /v1/tokens/rtc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
          'Content-Length: 100\r\n\r\n{"chan',
      );
      await sleep(50);
      socket.destroy();
      await closed;
    }
    await sleep(300);
    expect(errorLines(logger)).toEqual([]);
  });
});

describe('readiness 503 while draining', () => {
  const logger = new CapturingLogger();
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(TEST_ENV, { logger });
  });
  afterAll(() => app.close());

  it('should answer 503 with no-store and log the probe outcome below error level', async () => {
    app.app.get(ShutdownService).beginDraining();
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${app.baseUrl}/health/ready`);
      expect(response.status).toBe(503);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await codeOf(response)).toBe('SERVICE_UNAVAILABLE');
    }
    expect(errorLines(logger)).toEqual([]);
    expect(
      logger.records.filter((record) => /Health Check has failed/.test(String(record.msg))),
    ).toHaveLength(3);
  });
});
