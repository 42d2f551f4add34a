import pino, { type DestinationStream, type Logger } from 'pino';
import pinoPretty from 'pino-pretty';
import { serializeError, serializeRequest, serializeResponse } from './log-serializers';
import { redactSensitive } from './redact';

/**
 * The process's one pino logger (Fastify's request lines, Nest's logs, audit events): JSON lines
 * on `destination` (stdout by default; `pretty` there: one readable line per event, for a
 * developer's terminal), one per event:
 * `{"level":"info","time":"<ISO-8601>","pid":..,"hostname":..,<fields>,"msg":..}`. Starts at
 * `info`; createApp sets `LOG_LEVEL` once the configuration is validated (children follow).
 * Sensitive fields are redacted at any depth (redact.ts); messages are written by our code and
 * never carry values.
 */
export function createRootLogger(
  destination?: DestinationStream,
  options: { readonly pretty?: boolean } = {},
): Logger {
  return pino(
    {
      level: 'info',
      timestamp: isoTime,
      formatters: {
        // Names, not numbers: `"level":"warn"` reads (and greps) without a lookup table.
        level: (label) => ({ level: label }),
        log: (object) => redactSensitive(object),
      },
      serializers: { req: serializeRequest, res: serializeResponse, err: serializeError },
    },
    destination ?? (options.pretty ? prettyDestination() : stdoutDestination()),
  );
}

/**
 * Development's stdout: `HH:MM:ss.l LEVEL [context] message {fields}`, colours on a terminal. The
 * same redaction applies (it runs before the line is written); production keeps JSON.
 */
function prettyDestination(): DestinationStream {
  return pinoPretty({
    colorize: process.stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,context',
    messageFormat: '{if context}[{context}] {end}{msg}',
    singleLine: true,
    sync: true,
  });
}

let lastMs = Number.NaN;
let lastTime = '';

/**
 * pino's `stdTimeFunctions.isoTime`, formatted once per millisecond: under load several lines
 * share a millisecond, and formatting a Date was 1 % of a token request's CPU.
 */
export function isoTime(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastTime = `,"time":"${new Date(now).toISOString()}"`;
  }
  return lastTime;
}

/**
 * Writes text that is not a log line (the development banner) to the log's destination, in order
 * with the lines logged before it: stdout is written asynchronously, so a direct
 * `process.stdout.write` could overtake them.
 */
export function writeBesideLog(root: Logger, text: string): void {
  const stream = (root as unknown as Record<symbol, unknown>)[pino.symbols.streamSym];
  (stream as DestinationStream).write(text);
}

/** A logger that writes nothing (`createApp({ logger: false })`). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** Log bytes held while stdout is not being read, at most; beyond it lines are dropped. */
const MAX_BUFFERED_LOG_BYTES = 16 * 1024 * 1024;

let droppedLines = 0;

/** Lines dropped because stdout was not read fast enough (ata_log_lines_dropped_total). */
export function droppedLogLines(): number {
  return droppedLines;
}

/**
 * Asynchronous writes: a slow or stalled reader of stdout (a log shipper, a full pipe) must never
 * block the event loop, which would stall every request; pending lines are buffered and written
 * in batches, flushed synchronously at exit. The buffer is bounded: past 16 MiB, lines are
 * dropped (and counted) rather than the process running out of memory.
 */
function stdoutDestination(): DestinationStream {
  const destination = pino.destination({ dest: 1, sync: false, maxLength: MAX_BUFFERED_LOG_BYTES });
  destination.on('drop', (data: string) => {
    droppedLines += data.split('\n').length - 1;
  });
  return destination;
}
