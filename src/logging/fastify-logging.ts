import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import { REQUEST_ID_HEADER, requestIdFor } from './request-id';
import { RequestLogController } from './request-log-controller';

/**
 * The FastifyAdapter options that put Fastify's request logging on the root logger: request ids
 * from `x-request-id` (request-id.ts), one line per request (RequestLogController). Fastify gives
 * each request a child logger bound to its id (`request.log`), so its lines carry `requestId`.
 * Without a logger (`createApp({ logger: false })`) requests still get their ids.
 */
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
