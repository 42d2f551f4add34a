import { types } from 'node:util';
import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  type ApiErrorBody,
  ApiException,
  defaultErrorCode,
  errorBody,
  reasonPhrase,
  UNAUTHENTICATED_BODY,
  WWW_AUTHENTICATE,
} from './api-error';
import { isRecord } from './is-record';

export interface ErrorResponse {
  readonly status: number;
  readonly body: ApiErrorBody;
  readonly headers: Readonly<Record<string, string>>;
}

/** Anything thrown as the one error shape: a `code` passes, 401s alike, else by status or 500. */
export function toErrorResponse(exception: unknown): ErrorResponse {
  if (isClientAbort(exception)) {
    // Nobody will read it (the client left); a 400 keeps the metrics and the access log right.
    return { status: 400, body: errorBody(400, 'BAD_REQUEST', 'request aborted'), headers: {} };
  }
  if (!(exception instanceof HttpException)) {
    return { status: 500, body: errorBody(500, 'INTERNAL'), headers: {} };
  }
  const status = exception.getStatus();
  const headers = exception instanceof ApiException ? exception.headers : {};
  if (status === 401) {
    return {
      status,
      body: UNAUTHENTICATED_BODY,
      headers: { 'WWW-Authenticate': WWW_AUTHENTICATE, 'Cache-Control': 'no-store', ...headers },
    };
  }
  const response = exception.getResponse();
  if (isRecord(response) && typeof response.code === 'string') {
    const phrase = reasonPhrase(status);
    const body = { statusCode: status, error: phrase, message: phrase, ...response };
    return { status, body: body as ApiErrorBody, headers };
  }
  // A 5xx message may describe internals; a 4xx one describes the request.
  const message = (status < 500 && messageOf(response)) || reasonPhrase(status);
  return { status, body: errorBody(status, defaultErrorCode(status), message), headers };
}

/** Global filter: renders `toErrorResponse()`; logs server errors, never sends their details. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const { status, body, headers } = toErrorResponse(exception);
    const requestId = host.switchToHttp().getRequest<{ id?: unknown }>().id;
    if (isClientAbort(exception)) {
      // The client left: no response will finish, so this is the request's only line.
      this.logger.debug({ msg: 'request aborted by the client', requestId });
    } else if (!(exception instanceof HttpException)) {
      const error = exception instanceof Error ? exception : new Error(String(exception));
      const msg = `unhandled ${error.name}: ${error.message}`;
      this.logger.error({ msg, requestId, stack: error.stack });
    } else if (status >= 500) {
      this.logger.warn({ msg: `${status} ${exception.message}`, requestId });
    }
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (!reply.sent) {
      void reply.status(status).headers(headers).send(body);
    }
  }
}

/** The client closed the connection before its body arrived: not our error (from Node's realm). */
function isClientAbort(error: unknown): boolean {
  return (
    types.isNativeError(error) &&
    error.message === 'aborted' &&
    (error as NodeJS.ErrnoException).code === 'ECONNRESET'
  );
}

function messageOf(response: unknown): string | string[] | undefined {
  const message = isRecord(response) ? response.message : response;
  if (typeof message === 'string') {
    return message;
  }
  const strings = Array.isArray(message) && message.every((item) => typeof item === 'string');
  return strings && isRecord(response) ? message : undefined;
}
