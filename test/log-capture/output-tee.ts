import { appendFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { captureFile } from './capture-dir';

/** The first line of the development banner main.ts prints (src/dev-banner.ts). */
const BANNER_TITLE = 'Agora Token Authority (development)';

/**
 * Copies a child process's stdout and stderr into the capture, line by line: JSON lines (its log)
 * to a `.log` file, the development banner (printed on purpose with a dev JWT, up to its blank
 * line) to a `.banner` file, and anything else (configuration errors, stack traces) to a
 * `.console` file. The leak scan reads all three.
 */
export function teeToCapture(...streams: readonly Readable[]): void {
  const files = {
    log: captureFile('log'),
    banner: captureFile('banner'),
    console: captureFile('console'),
  };
  if (files.log === undefined) {
    return;
  }
  for (const stream of streams) {
    let pending = '';
    let inBanner = false;
    const writeLine = (line: string) => {
      if (line === BANNER_TITLE) {
        inBanner = true;
      } else if (inBanner && line === '') {
        inBanner = false;
      }
      const kind = line.startsWith('{') ? 'log' : inBanner ? 'banner' : 'console';
      const path = files[kind];
      if (path !== undefined && line !== '') {
        appendFileSync(path, `${line}\n`);
      }
    };
    stream.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(writeLine);
    });
    stream.on('end', () => {
      if (pending !== '') {
        writeLine(pending);
      }
    });
  }
}
