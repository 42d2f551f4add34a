import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { DEV_CREDENTIALS_PATH } from '../../src/config/dev-credentials';
import { CAPTURE_LOG_LEVEL, captureDir, registerSecrets } from '../log-capture/capture-dir';
import { teeToCapture } from '../log-capture/output-tee';

const ROOT = resolve(__dirname, '../..');

export type MainProcess = ChildProcessByStdio<null, Readable, Readable> & {
  /** Everything written to stdout and stderr so far. */
  output(): string;
};

/**
 * Runs src/main.ts in a child process with exactly `env` (plus PATH), the way `node dist/main`
 * runs in production but from source, so the test never depends on a stale build. The working
 * directory is `cwd` (where development credentials are written); by default a temporary one,
 * removed when the process ends. Metrics listen on a free port unless `env` says otherwise (two
 * children must not both want 9464). During a captured run (log-capture/global-setup.ts) the child
 * logs at debug level and its output is copied into the capture for the leak scan.
 */
export function spawnMain(env: Record<string, string>, cwd?: string): MainProcess {
  const workDir = cwd ?? mkdtempSync(join(tmpdir(), 'main-'));
  const register = join(ROOT, 'node_modules/ts-node/register/transpile-only');
  const captured = captureDir() !== undefined;
  registerSecrets(
    env.AGORA_APP_CERTIFICATE,
    env.AGORA_APP_CERTIFICATE_SECONDARY,
    env.AUTH_JWT_SECRET,
    env.METRICS_TOKEN,
  );
  const child = spawn(process.execPath, ['-r', register, join(ROOT, 'src/main.ts')], {
    cwd: workDir,
    env: {
      PATH: process.env.PATH ?? '',
      TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
      METRICS_PORT: '0',
      ...env,
      ...(captured ? { LOG_LEVEL: CAPTURE_LOG_LEVEL } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  teeToCapture(child.stdout, child.stderr);
  // Before the working directory is removed: the development JWT secret the child generated.
  child.on('close', () => registerDevSecret(workDir));
  if (cwd === undefined) {
    child.on('close', () => rmSync(workDir, { recursive: true, force: true }));
  }
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { output: () => output });
}

function registerDevSecret(workDir: string): void {
  const path = join(workDir, DEV_CREDENTIALS_PATH);
  if (existsSync(path)) {
    const stored = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string | undefined>;
    registerSecrets(stored.jwtSecret, stored.appCertificate);
  }
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
}

/** Resolves with the exit code (or signal) and the full output. */
export function waitForExit(child: MainProcess): Promise<Exit> {
  return new Promise((done) => {
    child.on('close', (code, signal) => done({ code, signal, output: child.output() }));
  });
}

/** Resolves once the output matches `pattern` (rejects after `timeoutMs` or on exit). */
export function waitForOutput(
  child: MainProcess,
  pattern: RegExp,
  timeoutMs = 20_000,
): Promise<string> {
  return new Promise((done, fail) => {
    const check = () => {
      if (pattern.test(child.output())) {
        cleanup();
        done(child.output());
      }
    };
    const timer = setTimeout(() => {
      cleanup();
      fail(new Error(`timed out waiting for ${pattern}; output:\n${child.output()}`));
    }, timeoutMs);
    const onExit = () => {
      cleanup();
      fail(new Error(`process exited; output:\n${child.output()}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout.off('data', check);
      child.off('exit', onExit);
    };
    child.stdout.on('data', check);
    child.on('exit', onExit);
    check();
  });
}

/** A TCP port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
