/**
 * Label values are bounded by construction: a value outside its known shape becomes a fixed
 * placeholder, so no caller input (a subject, a channel, a uid, a raw URL) can ever become a label
 * or grow the number of series.
 */

const METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
]);

/** An HTTP method, or `OTHER`. */
export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : 'OTHER';
}

/** The matched route pattern (`/v1/tokens/rtc`), never the URL; `unmatched` for a 404. */
export function routeLabel(routePattern: string | undefined): string {
  return routePattern ?? 'unmatched';
}

/** Reason codes are SCREAMING_SNAKE constants (policy reasons, API error codes). */
const REASON = /^[A-Z][A-Z0-9_]{0,63}$/;

export function reasonLabel(reason: string): string {
  return REASON.test(reason) ? reason : 'OTHER';
}

/** Service names, roles and project names: short identifiers from code and configuration. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function nameLabel(name: string | undefined): string {
  return name !== undefined && NAME.test(name) ? name : 'other';
}
