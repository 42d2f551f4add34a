import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE_VALUES } from '../../src/config/env.validation';
import {
  TEST_AGORA_CERTIFICATE,
  TEST_AGORA_CERTIFICATE_SECONDARY,
  TEST_JWT_SECRET,
} from '../support/test-env';
import { SECRETS_SUBDIR } from './capture-dir';
import { findLeaks } from './leak-patterns';

export interface LeakReport {
  readonly file: string;
  readonly line: number;
  readonly kinds: readonly string[];
  /** The line up to the first leaked value (never the value itself). */
  readonly before: string;
}

export interface ScanResult {
  readonly files: number;
  readonly lines: number;
  readonly secrets: number;
  readonly leaks: readonly LeakReport[];
}

/**
 * Scans every captured file of a run: `.log` (JSON log lines of in-process apps and child
 * processes) and `.console` (whatever else a child printed) against every rule; `.banner` (the
 * development banner, which prints a dev JWT and a curl command on purpose) against the rules
 * that still apply to it.
 */
export function scanCapture(dir: string): ScanResult {
  const secrets = knownSecrets(dir);
  const names = readdirSync(dir).filter((name) => /\.(log|console|banner)$/.test(name));
  const leaks: LeakReport[] = [];
  let lines = 0;
  for (const name of names.sort()) {
    const banner = name.endsWith('.banner');
    readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .forEach((text, index) => {
        if (text === '') {
          return;
        }
        lines += 1;
        const found = findLeaks(text, secrets, banner);
        if (found.length > 0) {
          const at = Math.min(...found.map((leak) => leak.at));
          const kinds = [...new Set(found.map((leak) => leak.kind))];
          leaks.push({ file: name, line: index + 1, kinds, before: text.slice(0, at).slice(-160) });
        }
      });
  }
  return { files: names.length, lines, secrets: secrets.length, leaks };
}

/** The fixed test secrets, the .env.example placeholders, and every value registered at run time. */
function knownSecrets(dir: string): string[] {
  const values = new Set<string>([
    TEST_AGORA_CERTIFICATE,
    TEST_AGORA_CERTIFICATE_SECONDARY,
    TEST_JWT_SECRET,
    ...Object.entries(EXAMPLE_VALUES)
      .filter(([name]) => name !== 'AGORA_APP_ID')
      .map(([, value]) => value),
  ]);
  const secretsDir = join(dir, SECRETS_SUBDIR);
  if (existsSync(secretsDir)) {
    for (const name of readdirSync(secretsDir)) {
      for (const line of readFileSync(join(secretsDir, name), 'utf8').split('\n')) {
        if (line !== '') {
          values.add(JSON.parse(line) as string);
        }
      }
    }
  }
  return [...values];
}
