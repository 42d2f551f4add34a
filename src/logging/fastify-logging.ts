import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import type { Level, Logger } from 'pino';

/** The header a caller (or the proxy in front) may set, and that every response echoes. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Short, and only characters safe in a log line, a header and a URL: nothing to inject. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's sane `x-request-id` (one id across proxy, service and caller), else a new UUID. */
export function requestIdFor(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}

/** Fastify's request logging on the root logger, `requestId` on each line; ids even without it. */
export function fastifyLoggingOptions(
  root: Logger | undefined,
): Pick<FastifyServerOptions, 'genReqId' | 'loggerInstance' | 'logController'> {
  const genReqId = (request: IncomingMessage) => requestIdFor(request.headers[REQUEST_ID_HEADER]);
  return root
    ? { genReqId, loggerInstance: root, logController: new RequestLogController() }
    : { genReqId };
}

/** Every response (errors and 404s included) carries its request id, for support tickets. */
export function echoRequestId(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
}

/**
 * One line per answered request. Levels: warn for 5xx, info for refusals; debug for successes, 401s
 * and 429s (what a flood is made of), so no client can fill the log.
 */
class RequestLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'requestId' });
  }

  // The completion line says everything these would (the arrival, the 404 and its path).
  override incomingRequest(): void {}

  override routeNotFound(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const level = error ? 'error' : levelOf(reply.statusCode);
    // Fastify's request loggers are children of our pino root logger.
    if (!(reply.log as Logger).isLevelEnabled(level)) {
      return; // the hot path at the default level (a 2xx at debug): no fields built for nothing
    }
    // Milliseconds to the microsecond.
    const responseTime = Math.round(reply.elapsedTime * 1000) / 1000;
    const fields = { req: request, res: reply, responseTime };
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
