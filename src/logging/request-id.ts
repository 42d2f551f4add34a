import { randomUUID } from 'node:crypto';

/** The header a caller (or the proxy in front) may set, and that every response echoes. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * What an incoming id must look like to be kept: short, and only characters that are safe in a log
 * line, a header and a URL (no spaces, quotes or control characters: nothing to inject).
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id of a request: the caller's `x-request-id` when it is sane, so one id follows a call across
 * the proxy, this service and the caller's own logs; otherwise a fresh UUID. A repeated header
 * (an array) is not trusted.
 */
export function requestIdFor(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}
