import { appendFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * Where the e2e suite captures every log line the apps and processes it starts write (set by
 * global-setup.ts for the whole run; workers inherit it). Unset: nothing is captured.
 */
export const CAPTURE_DIR_ENV = 'ATA_LOG_CAPTURE_DIR';

/** Level of every captured app: the leak scan wants the most verbose lines the service writes. */
export const CAPTURE_LOG_LEVEL = 'debug';

/** Subfolder of values that must never appear in a log line, one JSON string per line. */
export const SECRETS_SUBDIR = 'secrets';

export function captureDir(): string | undefined {
  return process.env[CAPTURE_DIR_ENV] || undefined;
}

let files = 0;

/**
 * A fresh capture file name for one app or process of the current test file
 * (`<test file>-<pid>-<n>.<extension>`), or undefined when nothing is captured.
 */
export function captureFile(extension: 'log' | 'console' | 'banner'): string | undefined {
  const dir = captureDir();
  if (dir === undefined) {
    return undefined;
  }
  files += 1;
  return join(dir, `${currentTestFile()}-${process.pid}-${files}.${extension}`);
}

/**
 * Adds secrets (certificates, JWT secrets, metrics tokens...) the leak scan must find in no log
 * line. startTestApp() and spawnMain() register their apps' own; tests register what else they
 * generate. Values shorter than 8 characters are ignored (too likely to occur by chance).
 */
export function registerSecrets(...values: ReadonlyArray<string | undefined>): void {
  const dir = captureDir();
  const kept = values.filter((value): value is string => value !== undefined && value.length >= 8);
  if (dir === undefined || kept.length === 0) {
    return;
  }
  mkdirSync(join(dir, SECRETS_SUBDIR), { recursive: true });
  const lines = kept.map((value) => `${JSON.stringify(value)}\n`).join('');
  appendFileSync(join(dir, SECRETS_SUBDIR, `${process.pid}.jsonl`), lines);
}

function currentTestFile(): string {
  const path = (
    globalThis as { expect?: { getState?: () => { testPath?: string } } }
  ).expect?.getState?.().testPath;
  return path === undefined ? 'unknown' : basename(path).replace(/\.e2e-spec\.ts$/, '');
}
