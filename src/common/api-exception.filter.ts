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
import { isClientAbort } from './client-abort';
import { isRecord } from './is-record';

export interface ErrorResponse {
  readonly status: number;
  readonly body: ApiErrorBody;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Maps anything thrown to the one error shape `{ statusCode, error, message, code }`:
 * - bodies that already carry a `code` pass through (policy denials, ApiException);
 * - every 401 becomes the same body, whatever was thrown;
 * - other HTTP errors get the code for their status (Fastify's 413/415 arrive here as HttpException);
 * - anything else is a 500 `INTERNAL` with a generic message.
 */
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
    const defaults = {
      statusCode: status,
      error: reasonPhrase(status),
      message: reasonPhrase(status),
    };
    return { status, body: { ...defaults, ...response } as ApiErrorBody, headers };
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
    // The request's id on the line, as on every log line of a request.
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
    if (reply.sent) {
      return;
    }
    void reply.status(status).headers(headers).send(body);
  }
}

function messageOf(response: unknown): string | string[] | undefined {
  if (typeof response === 'string') {
    return response;
  }
  if (!isRecord(response)) {
    return undefined;
  }
  const { message } = response;
  if (typeof message === 'string') {
    return message;
  }
  if (Array.isArray(message) && message.every((item) => typeof item === 'string')) {
    return message;
  }
  return undefined;
}
