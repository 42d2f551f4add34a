import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDevCredentials } from '../src/config/dev-credentials';
import { registerSecrets } from './log-capture/capture-dir';
import {
  freePort,
  type MainProcess,
  spawnMain,
  waitForExit,
  waitForOutput,
} from './support/main-process';

jest.setTimeout(120_000);

const BANNER = /Try it:\n\s+curl .*\n/;
const jwtOf = (output: string) => /Bearer ([^']+)'/.exec(output)?.[1] ?? '';

/**
 * Development mode as `npm start` runs it (the real src/main.ts in a child, no NODE_ENV): logs
 * for humans, `.env` read, credentials that survive restarts, and a second instance beside the
 * first without a port clash.
 */
describe('development mode', () => {
  let cwd: string;
  const children: MainProcess[] = [];
  const start = (env: Record<string, string>) => {
    const child = spawnMain(env, cwd);
    children.push(child);
    return child;
  };

  beforeAll(() => {
    cwd = mkdtempSync(join(tmpdir(), 'dev-mode-'));
  });
  afterAll(async () => {
    const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
    running.forEach((child) => child.kill('SIGTERM'));
    await Promise.all(running.map((child) => waitForExit(child)));
    rmSync(cwd, { recursive: true, force: true });
  });

  it('should read .env, log readable lines, and keep its credentials for the next instance', async () => {
    const [firstPort, secondPort] = [await freePort(), await freePort()];
    writeFileSync(join(cwd, '.env'), `PORT=${firstPort}\nHOST=127.0.0.1\n# a comment\n`);
    // No PORT in the environment: .env sets it. spawnMain's METRICS_PORT=0 is removed, so the
    // development default applies.
    const first = start({ METRICS_PORT: '' });
    const firstOutput = await waitForOutput(first, BANNER);
    expect(firstOutput).toContain(`Swagger UI: http://127.0.0.1:${firstPort}/docs`);
    // Readable lines before the banner, no JSON; Nest's per-module and per-route wiring lines
    // only at debug (which the leak-scan capture turns on).
    const beforeBanner = firstOutput.slice(0, firstOutput.indexOf('Agora Token Authority'));
    const lines = beforeBanner.split('\n').filter((line) => line.trim() !== '');
    expect(lines.filter((line) => line.trimStart().startsWith('{'))).toEqual([]);
    expect(lines.filter((line) => !/^\[[\d:.]+\] DEBUG: /.test(line)).length).toBeLessThan(12);
    expect(beforeBanner).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: \[NestApplication\] /m);
    expect(lines.filter((line) => line.includes('Mapped {') && !line.includes('DEBUG'))).toEqual(
      [],
    );

    const stored = readDevCredentials(cwd);
    registerSecrets(stored.appCertificate, stored.jwtSecret);
    expect(stored).toMatchObject({
      appId: expect.stringMatching(/^[0-9a-f]{32}$/) as string,
      appCertificate: expect.stringMatching(/^[0-9a-f]{32}$/) as string,
    });
    const issued = await fetch(`http://127.0.0.1:${firstPort}/v1/tokens/rtc`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${jwtOf(firstOutput)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ channel: 'demo-room', uid: 1001, role: 'publisher' }),
    });
    expect(issued.status).toBe(201);
    const { token } = (await issued.json()) as { token: string };

    // A second instance on another port (the environment wins over .env) starts beside the
    // first: metrics pick a free port in development. It reuses the stored credentials.
    const second = start({ METRICS_PORT: '', PORT: String(secondPort) });
    const secondOutput = await waitForOutput(second, BANNER);
    expect(secondOutput).toContain('reused from .agora-dev/credentials.json');
    expect(secondOutput).toMatch(/\[Metrics\] metrics on http:\/\/127\.0\.0\.1:\d+\/metrics/);
    expect(first.exitCode).toBeNull();
    first.kill('SIGTERM');
    const { code, signal } = await waitForExit(first);
    expect(code === 0 || signal === 'SIGTERM').toBe(true);

    // The token from the first instance is still signed by a configured certificate.
    const inspected = await fetch(`http://127.0.0.1:${secondPort}/v1/tokens/inspect`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${jwtOf(firstOutput)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ token }),
    });
    expect(inspected.status).toBe(200);
    expect(await inspected.json()).toMatchObject({
      appId: stored.appId,
      signatures: [{ project: 'default', certificate: 'primary', valid: true }],
    });
  });

  it('should read no .env in production', async () => {
    writeFileSync(
      join(cwd, '.env'),
      'AUTH_JWT_ISSUER=https://issuer.test\nAUTH_JWT_AUDIENCE=agora-token-authority\n',
    );
    const { code, output } = await waitForExit(
      start({
        NODE_ENV: 'production',
        AGORA_APP_ID: '0123456789abcdef0123456789abcd01',
        AGORA_APP_CERTIFICATE: 'abcdef0123456789abcdef0123456701',
        AUTH_JWT_SECRET: 'a-production-like-secret-of-more-than-32-bytes',
      }),
    );
    expect(code).toBe(1);
    expect(output).toContain('- AUTH_JWT_ISSUER: is required when NODE_ENV=production');
    expect(output).toContain('- AUTH_JWT_AUDIENCE: is required when NODE_ENV=production');
  });
});
