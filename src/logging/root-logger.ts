import pino, { type DestinationStream, type Logger, stdSerializers } from 'pino';
import pinoPretty from 'pino-pretty';
import { redactSensitive } from './redact';

/**
 * The process's one pino logger: JSON lines `{"level":"info","time":"<ISO-8601>",...,"msg":..}`
 * on `destination` (stdout by default; `pretty` for a developer's terminal), sensitive fields
 * redacted at any depth. Starts at `info`; createApp sets `LOG_LEVEL` once config is validated.
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

/** Longest path logged for a request no route matched (the rest is cut). */
const MAX_PATH_LENGTH = 128;

/**
 * Method and route pattern; the path only when no route matched, without its query (where clients
 * put tokens they should not), cut at 128 characters. Never headers, never the body.
 */
function serializeRequest(request: {
  readonly method?: string;
  readonly url?: string;
  readonly routeOptions?: { readonly url?: string };
}): Record<string, string | undefined> {
  const route = request.routeOptions?.url;
  if (route !== undefined) {
    return { method: request.method, route };
  }
  const url = request.url ?? '';
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  const cut = path.length > MAX_PATH_LENGTH ? `${path.slice(0, MAX_PATH_LENGTH)}...` : path;
  return { method: request.method, path: cut };
}

/** The status only (never headers or body). */
function serializeResponse(reply: { readonly statusCode?: number }): { statusCode?: number } {
  return { statusCode: reply.statusCode };
}

/** pino's error serializer, redacted (spread: only plain objects are walked). */
function serializeError(error: Error): Record<string, unknown> {
  return redactSensitive({ ...stdSerializers.err(error) });
}

/** Development's stdout: `HH:MM:ss.l LEVEL [context] message {fields}`, same redaction. */
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
 * Writes text that is not a log line (the development banner) to the log's own stream, in order
 * with the lines before it (a direct `process.stdout.write` could overtake the asynchronous ones).
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
 * Asynchronous: a stalled reader of stdout must never block the event loop. Past 16 MiB buffered,
 * lines are dropped (and counted) rather than the process running out of memory. Lines are handed
 * over as bytes (sonic-boom's buffer mode): in its text mode every line re-measures the whole
 * pending text, which under load copies kilobytes per line (figures in README, Performance).
 */
function stdoutDestination(): DestinationStream {
  const destination = pino.destination({
    dest: 1,
    sync: false,
    contentMode: 'buffer',
    maxLength: MAX_BUFFERED_LOG_BYTES,
  });
  destination.on('drop', (data: Buffer) => {
    droppedLines += data.toString('latin1').split('\n').length - 1;
  });
  return { write: (line: string) => destination.write(Buffer.from(line) as unknown as string) };
}
