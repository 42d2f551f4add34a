import { appendFileSync, closeSync, openSync, writeSync } from 'node:fs';
import type { DestinationStream } from 'pino';
import { captureFile } from './capture-dir';

/** Receives each JSON line an app logs (CapturingLogger). */
export interface LogRecordListener {
  writeRecord(json: string): void;
}

export interface AppLogSink extends DestinationStream {
  /** Closes the capture file; a line logged later is still appended to it. */
  close(): void;
}

/**
 * The pino destination of one test app: each line is written synchronously to the app's capture
 * file (nothing is lost when a test ends) and handed to `listener`.
 */
export function appLogSink(listener?: LogRecordListener): AppLogSink {
  const path = captureFile('log');
  let fd = path === undefined ? undefined : openSync(path, 'a');
  return {
    write(line: string): void {
      if (path !== undefined) {
        if (fd === undefined) {
          appendFileSync(path, line);
        } else {
          writeSync(fd, line);
        }
      }
      listener?.writeRecord(line);
    },
    close(): void {
      if (fd !== undefined) {
        closeSync(fd);
        fd = undefined;
      }
    },
  };
}
