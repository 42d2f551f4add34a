import { spawn } from 'node:child_process';
import type { DestinationStream } from 'pino';
import { createRootLogger, isoTime } from './root-logger';

function capture(): { destination: DestinationStream; records: () => Array<Record<string, any>> } {
  const lines: string[] = [];
  return {
    destination: { write: (line: string) => void lines.push(line) },
    records: () => lines.map((line) => JSON.parse(line) as Record<string, any>),
  };
}

describe(createRootLogger.name, () => {
  it('should write one JSON line per event: level name, ISO time, fields, message', () => {
    const { destination, records } = capture();
    createRootLogger(destination).info({ event: 'x', uid: 1 }, 'hello');
    expect(records()).toEqual([
      {
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        pid: process.pid,
        hostname: expect.any(String),
        event: 'x',
        uid: 1,
        msg: 'hello',
      },
    ]);
  });

  it('should start at info and follow a level set later, in children too', () => {
    const { destination, records } = capture();
    const root = createRootLogger(destination);
    const child = root.child({ context: 'c' });
    child.debug('hidden');
    root.level = 'debug';
    child.debug('shown');
    expect(records().map((record) => record.msg)).toEqual(['shown']);
  });

  it('should redact sensitive fields of logged objects and of errors', () => {
    const { destination, records } = capture();
    const root = createRootLogger(destination);
    root.info({ config: { appCertificate: 'abc', secret: 's' }, headers: { authorization: 'B' } });
    root.error({ err: Object.assign(new Error('boom'), { token: '007eJxyz' }) }, 'failed');
    const [first, second] = records();
    expect(first).toMatchObject({
      config: { appCertificate: '[redacted]', secret: '[redacted]' },
      headers: { authorization: '[redacted]' },
    });
    expect(second?.err).toMatchObject({ message: 'boom', token: '[redacted]' });
    expect(JSON.stringify(records())).not.toMatch(/abc|"s"|007eJ/);
  });

  it('should show a request as method and route, or the path without its query when unmatched', () => {
    const { destination, records } = capture();
    const root = createRootLogger(destination);
    const headers = { authorization: 'Bearer eyJx.eyJy.z', cookie: 'sid=1' };
    root.info({
      req: {
        method: 'POST',
        url: '/v1/tokens/rtc?x=1',
        routeOptions: { url: '/v1/tokens/rtc' },
        headers,
        body: { token: 't' },
      },
    });
    root.info({
      req: { method: 'GET', url: '/nope?access_token=eyJx.eyJy.z', routeOptions: {}, headers },
    });
    root.info({ req: { method: 'GET', url: `/${'a'.repeat(300)}`, routeOptions: {} } });
    expect(records().map((record) => record.req)).toEqual([
      { method: 'POST', route: '/v1/tokens/rtc' },
      { method: 'GET', path: '/nope' },
      { method: 'GET', path: `/${'a'.repeat(127)}...` },
    ]);
  });

  it('should show a response as its status only', () => {
    const { destination, records } = capture();
    createRootLogger(destination).info({
      res: { statusCode: 201, headers: { 'set-cookie': 'x' } },
    });
    expect(records()[0]?.res).toEqual({ statusCode: 201 });
  });
});

describe('stdout destination', () => {
  // A child process logs 20,000 lines of ~1 KiB into a pipe nobody reads yet: past the 16 MiB
  // bound lines are dropped and counted; every other line arrives, in order, once stdout is read.
  const script = `
    const { createRootLogger, droppedLogLines } = require('./src/logging/root-logger');
    const log = createRootLogger();
    for (let i = 0; i < 20000; i++) log.info({ i, filler: 'x'.repeat(1000) }, 'line');
    process.stderr.write('dropped ' + droppedLogLines() + '\\n');`;

  it('should drop and count lines past its bound, never block, and flush the rest at exit', async () => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
      cwd: `${__dirname}/../..`,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pause();
    let stderr = '';
    const reported = new Promise<number>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /dropped (\d+)/.exec(stderr);
        if (match) {
          resolve(Number(match[1]));
        }
      }),
    );
    const dropped = await reported;
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stdout.resume();
    await new Promise((resolve) => child.on('close', resolve));
    const indices = text
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { i: number }).i);
    expect(dropped).toBeGreaterThan(0);
    expect(indices.length + dropped).toBe(20000);
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
  }, 60_000);
});

describe(isoTime.name, () => {
  afterEach(() => jest.useRealTimers());

  it("should be pino's isoTime, new for every millisecond", () => {
    jest.useFakeTimers({ now: Date.UTC(2026, 10, 23, 8, 0, 0, 123) });
    expect(isoTime()).toBe(',"time":"2026-11-23T08:00:00.123Z"');
    expect(isoTime()).toBe(',"time":"2026-11-23T08:00:00.123Z"');
    jest.advanceTimersByTime(1);
    expect(isoTime()).toBe(',"time":"2026-11-23T08:00:00.124Z"');
    jest.setSystemTime(Date.UTC(2027, 0, 1));
    expect(isoTime()).toBe(',"time":"2027-01-01T00:00:00.000Z"');
  });
});
