import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { verify } from 'jsonwebtoken';
import { parseAccessToken2 } from '../src/agora-token';
import { DEMO_RTC_REQUEST } from '../src/dev-banner';
import { freePort, spawnMain, waitForExit, waitForOutput } from './support/main-process';
import { TEST_AGORA_APP_ID, TEST_AGORA_CERTIFICATE } from './support/test-env';

jest.setTimeout(60_000);

const run = promisify(execFile);

describe('main (boot errors)', () => {
  // Each case: the environment, the variable the error must name, the value it must never show.
  const cases: Array<[string, Record<string, string>, string, string]> = [
    [
      'a short AUTH_JWT_SECRET',
      { NODE_ENV: 'test', AUTH_JWT_SECRET: 'short-Secret-Value' },
      'AUTH_JWT_SECRET',
      'short-Secret-Value',
    ],
    [
      'a certificate with a trailing newline',
      {
        NODE_ENV: 'test',
        AGORA_APP_ID: TEST_AGORA_APP_ID,
        AGORA_APP_CERTIFICATE: `${TEST_AGORA_CERTIFICATE}\n`,
      },
      'AGORA_APP_CERTIFICATE',
      TEST_AGORA_CERTIFICATE,
    ],
    [
      'production without credentials',
      { NODE_ENV: 'production' },
      'AGORA_APP_ID',
      'development credentials generated',
    ],
    [
      'two caller key sources',
      {
        NODE_ENV: 'test',
        AUTH_JWT_SECRET: 'a-perfectly-long-secret-value-0123456789',
        AUTH_JWKS_URL: 'https://idp.example.com/jwks',
      },
      'AUTH_JWT_SECRET, AUTH_JWKS_URL',
      'a-perfectly-long-secret-value-0123456789',
    ],
    ['an unknown NODE_ENV', { NODE_ENV: 'prod-eu-1' }, 'NODE_ENV', 'prod-eu-1'],
  ];

  it.each(cases)(
    'should exit 1 on %s, naming the variable but not the value',
    async (_case, env, variable, value) => {
      const { code, output } = await waitForExit(spawnMain(env));
      expect(code).toBe(1);
      expect(output).toContain(`- ${variable}:`);
      expect(output).not.toContain(value);
      // A clean message, not a stack trace.
      expect(output).not.toMatch(/\n\s+at /);
    },
  );
});

/** Working directories of development runs, removed at the end. */
const workDirs: string[] = [];
const workDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  workDirs.push(dir);
  return dir;
};
afterAll(() => workDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('main (development)', () => {
  it('should print a working dev JWT and curl command, serve Swagger and close on SIGTERM', async () => {
    const port = await freePort();
    const cwd = workDir('dev-');
    const child = spawnMain(
      { NODE_ENV: 'development', PORT: String(port), HOST: '127.0.0.1' },
      cwd,
    );
    try {
      const output = await waitForOutput(child, /Try it:\n\s+curl .*\n/);
      expect(output).toContain(
        'development credentials generated (not usable with real Agora projects)',
      );
      expect(output).toContain(`Swagger UI: http://127.0.0.1:${port}/docs`);
      // Neither the generated App Certificate nor any other 32-hex value is ever printed.
      expect(output).not.toMatch(/\b[0-9a-f]{32}\b/);

      const curl =
        /curl -sS -X POST '([^']+)' -H 'Authorization: Bearer ([^']+)' -H 'Content-Type: application\/json' -d '([^']+)'/.exec(
          output,
        );
      expect(curl).not.toBeNull();
      const [printed, url, jwt, body] = curl as unknown as [string, string, string, string];
      expect(url).toBe(`http://127.0.0.1:${port}/v1/tokens/rtc`);
      expect(JSON.parse(body)).toEqual(DEMO_RTC_REQUEST);

      // The command runs as printed (through a shell, quotes and all); -w only appends the status.
      const { stdout } = await run('sh', ['-c', `${printed} -w '\\n%{http_code}'`]);
      const [answer = '', status] = stdout.split('\n');
      expect(status).toBe('201');
      const issued = JSON.parse(answer) as { token: string; channel: string; uid: number };
      expect(issued).toMatchObject({ channel: 'demo-room', uid: DEMO_RTC_REQUEST.uid });
      const [rtc] = parseAccessToken2(issued.token).services;
      expect(rtc).toMatchObject({ type: 1, channelName: 'demo-room', uid: '1001' });
      // Publisher: join and the three publish privileges.
      expect(rtc?.privileges.map(([id]) => id)).toEqual([1, 2, 3, 4]);

      const session = await fetch(`http://127.0.0.1:${port}/v1/session`, {
        headers: { authorization: `Bearer ${jwt}` },
      });
      expect(session.status).toBe(200);
      expect(await session.json()).toMatchObject({
        binding: { uid: DEMO_RTC_REQUEST.uid, account: 'alice' },
        channelGrants: ['demo-*'],
        scopes: ['rtc:publish', 'tokens:inspect', 'rtm:permissions', 'chat:app'],
      });

      // The secret is shared with `agora-token dev-jwt` through a private file, never printed.
      const file = join(cwd, '.agora-dev', 'credentials.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const stored = JSON.parse(readFileSync(file, 'utf8')) as { jwtSecret: string };
      expect(output).not.toContain(stored.jwtSecret);
      expect(verify(jwt, stored.jwtSecret, { algorithms: ['HS256'] })).toBeTruthy();

      const docs = await fetch(`http://127.0.0.1:${port}/docs`);
      expect(docs.status).toBe(200);
      expect(docs.headers.get('content-type')).toMatch(/text\/html/);
      const json = await fetch(`http://127.0.0.1:${port}/docs-json`);
      expect(((await json.json()) as { openapi: string }).openapi).toMatch(/^3\./);
    } finally {
      child.kill('SIGTERM');
    }
    // enableShutdownHooks closes the app, then re-raises the signal (graceful drain and exit 0 are
    // the shutdown work still to come).
    const { code, signal } = await waitForExit(child);
    expect(code === 0 || signal === 'SIGTERM').toBe(true);
  });
});

describe('main (development restarts)', () => {
  it('should reuse the stored development secret, so dev JWTs survive a restart', async () => {
    const cwd = workDir('restart-');
    const jwts: string[] = [];
    for (let run = 0; run < 2; run += 1) {
      const port = await freePort();
      const child = spawnMain(
        { NODE_ENV: 'development', PORT: String(port), HOST: '127.0.0.1' },
        cwd,
      );
      try {
        const output = await waitForOutput(child, /Try it:\n\s+curl .*\n/);
        expect(output).toContain(run === 0 ? 'stored in .agora-dev' : 'reused from .agora-dev');
        jwts.push(/Bearer ([^']+)'/.exec(output)?.[1] ?? '');
        // The JWT printed by the first run still works on the second.
        const response = await fetch(`http://127.0.0.1:${port}/v1/session`, {
          headers: { authorization: `Bearer ${jwts[0]}` },
        });
        expect(response.status).toBe(200);
      } finally {
        child.kill('SIGTERM');
        await waitForExit(child);
      }
    }
  });
});
