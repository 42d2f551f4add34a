import { rmSync } from 'node:fs';
import { CAPTURE_DIR_ENV } from './capture-dir';
import { scanCapture } from './scan-capture';

/**
 * Jest globalTeardown of the e2e project: the leak test the operations issue asks for. Every log
 * line the suite made the service write, at debug level, is scanned for JWTs, Agora tokens,
 * Authorization values, private keys and every certificate or secret the tests used; one leak
 * fails `npm test`. Prints a one-line summary either way; keeps the capture (its path printed) when
 * it fails, so the line can be looked at.
 */
export default function globalTeardown(): void {
  const dir = process.env[CAPTURE_DIR_ENV];
  if (!dir) {
    return;
  }
  const { files, lines, secrets, leaks } = scanCapture(dir);
  const summary = `log leak scan: ${lines} lines in ${files} files, ${secrets} known secrets, ${leaks.length} leaks`;
  if (leaks.length === 0) {
    // ATA_LOG_CAPTURE_KEEP=1 keeps a clean capture too, to read what the suite logged.
    const keep = process.env.ATA_LOG_CAPTURE_KEEP === '1';
    process.stdout.write(`\n${summary}${keep ? ` (capture kept in ${dir})` : ''}\n`);
    if (!keep) {
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  const details = leaks
    .slice(0, 20)
    .map((leak) => `  ${leak.file}:${leak.line} ${leak.kinds.join(', ')} after: ${leak.before}`);
  throw new Error(
    [`${summary} (capture kept in ${dir})`, ...details, leaks.length > 20 ? '  ...' : '']
      .filter((line) => line !== '')
      .join('\n'),
  );
}
