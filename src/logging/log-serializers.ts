import { stdSerializers } from 'pino';
import { redactSensitive } from './redact';

/** What the request serializer reads: a Fastify request (or a raw Node request). */
interface RequestLike {
  readonly method?: string;
  readonly url?: string;
  readonly routeOptions?: { readonly url?: string };
}

/** Longest path logged for a request no route matched (the rest is cut). */
const MAX_PATH_LENGTH = 128;

/**
 * A request as a log line shows it: the method and the matched route pattern; the path only when
 * no route matched (a 404), without its query string (where clients put tokens they should not)
 * and cut at 128 characters. Never headers (`authorization`, `cookie`) and never the body.
 */
export function serializeRequest(request: RequestLike): Record<string, string | undefined> {
  const route = request.routeOptions?.url;
  return route === undefined
    ? { method: request.method, path: pathOf(request.url ?? '') }
    : { method: request.method, route };
}

/** A reply as a log line shows it: the status only (never headers or body). */
export function serializeResponse(reply: { readonly statusCode?: number }): {
  statusCode?: number;
} {
  return { statusCode: reply.statusCode };
}

/** pino's error serializer (type, message, stack, own fields) with sensitive fields redacted. */
export function serializeError(error: Error): Record<string, unknown> {
  // Spread: the serialized error has pino's prototype, and only plain objects are walked.
  return redactSensitive({ ...stdSerializers.err(error) });
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  return path.length > MAX_PATH_LENGTH ? `${path.slice(0, MAX_PATH_LENGTH)}...` : path;
}
