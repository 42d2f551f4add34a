import { maxHeaderSize } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { type ApiErrorCode, defaultErrorCode, errorBody, reasonPhrase } from '../common/api-error';
import type { SecurityHeaders } from '../common/security-headers';
import { REQUEST_ID_HEADER, requestIdFor } from '../logging/fastify-logging';

/** What Node's `clientError` event passes: a socket error, or an HTTP parser error with a code. */
export type ClientError = Error & { code?: string };

interface Refusal {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly message: string;
}

/** The answer to a request Node could not even hand to Fastify. */
export function refusalFor(error: ClientError): Refusal {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      code: 'HEADERS_TOO_LARGE',
      message: `request headers exceed ${maxHeaderSize} bytes`,
    };
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, code: 'REQUEST_TIMEOUT', message: 'request not received in time' };
  }
  return { status: 400, code: 'BAD_REQUEST', message: 'malformed HTTP request' };
}

/** The raw HTTP/1.1 response for `refusal`: always the last on its connection. */
export function refusalResponse(
  refusal: Refusal,
  securityHeaders: SecurityHeaders,
  requestId: string,
): string {
  const body = JSON.stringify(errorBody(refusal.status, refusal.code, refusal.message));
  const headers: Record<string, string> = {
    ...securityHeaders,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    [REQUEST_ID_HEADER]: requestId,
    connection: 'close',
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${refusal.status} ${reasonPhrase(refusal.status)}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** Requests Node refuses before Fastify (bad or slow headers) get our envelope; logged at debug. */
export function clientErrorHandler(
  securityHeaders: SecurityHeaders,
  logger: Logger | undefined,
): (error: ClientError, socket: Socket) => void {
  return (error, socket) => {
    // A reset, or a client that closed its side mid-request: no one is left to answer.
    if (error.code === 'ECONNRESET' || error.code === 'HPE_INVALID_EOF_STATE' || socket.destroyed) {
      socket.destroy();
      return;
    }
    const refusal = refusalFor(error);
    const requestId = requestIdFor(undefined);
    logger?.debug(
      { requestId, res: { statusCode: refusal.status }, code: error.code },
      'request refused before routing',
    );
    if (socket.writable) {
      socket.end(refusalResponse(refusal, securityHeaders, requestId));
    }
    socket.destroySoon();
  };
}

/** Requests the router refuses before any hook runs (a bad percent escape), answered alike. */
export function frameworkErrorHandler(
  securityHeaders: SecurityHeaders,
): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void {
  return (error, request, reply) => {
    const status =
      error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 400;
    void reply
      .code(status)
      .headers(securityHeaders)
      .header(REQUEST_ID_HEADER, request.id)
      .send(errorBody(status, defaultErrorCode(status), 'malformed URL'));
  };
}
