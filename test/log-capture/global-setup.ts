import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAPTURE_DIR_ENV } from './capture-dir';

/**
 * Jest globalSetup of the e2e project: one capture directory for the run. Test workers start
 * after this and inherit the variable, so every app startTestApp() boots and every process
 * spawnMain() starts logs at debug level into it; global-teardown.ts scans it for leaks.
 */
export default function globalSetup(): void {
  process.env[CAPTURE_DIR_ENV] = mkdtempSync(join(tmpdir(), 'ata-log-capture-'));
}
