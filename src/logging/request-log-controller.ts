import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { Level, Logger } from 'pino';

/** Field every line logged during a request carries (Fastify's request logger binds it). */
export const REQUEST_ID_LOG_FIELD = 'requestId';

/**
 * Fastify's request logging, one line per request instead of two: nothing when a request arrives,
 * one `request completed` line when it is answered (method, route, status, `responseTime` in ms),
 * `request errored` at error level when the response itself failed. A 404's "route not found"
 * line is folded into that line too.
 *
 * The level says who needs the line:
 * - info: refusals (400, 403, 404, 413, 415...), so the default log shows what went wrong;
 * - warn: server errors (the exception filter logs their cause);
 * - debug: successful requests, whose business events are logged anyway (every token issued is an
 *   audit event) and whose rate and latency are metrics: at info they would double the log
 *   volume of the hot path for nothing new; also 401s and 429s, what a flood of bad or excess
 *   requests is made of (counted by status in ata_http_request_duration_seconds), so no client
 *   can fill the log. LOG_LEVEL=debug gives the full access log.
 */
export class RequestLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: REQUEST_ID_LOG_FIELD });
  }

  override incomingRequest(): void {
    // The completion line says everything this one would.
  }

  override routeNotFound(): void {
    // The completion line carries the 404 and the path.
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const level = error ? 'error' : levelOf(reply.statusCode);
    // Fastify's request loggers are children of our pino root logger (fastify-logging.ts).
    if (!(reply.log as Logger).isLevelEnabled(level)) {
      // The hot path at the default level (a 2xx at debug): no fields built for nothing.
      return;
    }
    const fields = { req: request, res: reply, responseTime: round(reply.elapsedTime) };
    if (error) {
      reply.log.error({ ...fields, err: error }, 'request errored');
    } else {
      reply.log[level](fields, 'request completed');
    }
  }
}

export function levelOf(statusCode: number): Level {
  if (statusCode >= 500) {
    return 'warn';
  }
  return statusCode < 400 || statusCode === 401 || statusCode === 429 ? 'debug' : 'info';
}

/** Milliseconds to the microsecond. */
function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
