import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';

/** The code for an error thrown without one (Nest built-ins, Fastify, libraries). */
const DEFAULT_CODES = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  503: 'SERVICE_UNAVAILABLE',
} as const;

/** The shell's codes, or a feature's own SCREAMING_SNAKE code. Clients switch on `code`. */
export type ApiErrorCode =
  | (typeof DEFAULT_CODES)[keyof typeof DEFAULT_CODES]
  | 'VALIDATION_FAILED'
  | 'INVALID_JSON'
  | 'UNKNOWN_PROJECT'
  | 'AUTH_KEYS_UNAVAILABLE'
  | (string & {});

/** The one error body shape: Nest's default plus a stable `code`. */
export interface ApiErrorBody {
  readonly statusCode: number;
  /** HTTP reason phrase, e.g. `Bad Request`. */
  readonly error: string;
  /** Human-readable; a list of field messages for `VALIDATION_FAILED`. */
  readonly message: string | readonly string[];
  readonly code: ApiErrorCode;
}

export function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

export function errorBody(
  status: number,
  code: ApiErrorCode,
  message: string | readonly string[] = reasonPhrase(status),
): ApiErrorBody {
  return { statusCode: status, error: reasonPhrase(status), message, code };
}

/** The one way to raise an HTTP error (headers: e.g. `Retry-After`); the global filter sends it. */
export class ApiException extends HttpException {
  constructor(
    status: number,
    readonly code: ApiErrorCode,
    message?: string | readonly string[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(errorBody(status, code, message), status);
  }
}

/** The only 401 body ever sent, whatever the reason (no oracle: the reason goes to the log). */
export const UNAUTHENTICATED_BODY: ApiErrorBody = Object.freeze(errorBody(401, 'UNAUTHENTICATED'));

/** Sent with every 401 (RFC 6750 §3). */
export const WWW_AUTHENTICATE = 'Bearer';

/** The 401 to throw; `challenge` is the `WWW-Authenticate` value (RFC 6750 `error`, ...). */
export function unauthenticated(challenge: string = WWW_AUTHENTICATE): ApiException {
  return new ApiException(401, 'UNAUTHENTICATED', undefined, {
    'WWW-Authenticate': challenge,
    'Cache-Control': 'no-store',
  });
}

export function defaultErrorCode(status: number): ApiErrorCode {
  const code = (DEFAULT_CODES as Readonly<Record<number, ApiErrorCode | undefined>>)[status];
  return code ?? (status < 500 ? 'BAD_REQUEST' : 'INTERNAL');
}
