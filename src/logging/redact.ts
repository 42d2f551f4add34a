/** What replaces a sensitive value in a log line. */
export const REDACTED = '[redacted]';

/**
 * Field names whose values never reach a log line, at any depth: tokens (Agora or JWT), App
 * Certificates, secrets, passwords and the headers that carry credentials. Matched on the end of
 * the name, case-insensitively, so `token`, `accessToken`, `appCertificate`, `jwtSecret`,
 * `authorization` and `set-cookie` are all covered.
 */
const SENSITIVE_KEY = /(token|jwt|secret|password|passwd|certificate|authorization|cookie)$/i;

/** Deeper than pino renders (its depthLimit is 5), so whatever it prints has been looked at. */
const MAX_DEPTH = 8;

/**
 * `value` with every sensitive field's value replaced by `[redacted]`. Returns `value` itself when
 * there is nothing to redact (the usual case: no copy on the hot path) and copies only the objects
 * on the way to a redacted field. Plain objects and arrays are walked; class instances (Errors,
 * Buffers, requests) are left to their serializers.
 */
export function redactSensitive<T>(value: T): T {
  return redact(value, 0) as T;
}

function redact(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) {
    return value;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, index) => {
      const next = redact(item, depth + 1);
      if (next !== item) {
        copy ??= [...(value as unknown[])];
        copy[index] = next;
      }
    });
    return copy ?? value;
  }
  if (!isPlainObject(value)) {
    return value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const item = value[key];
    const next = item !== undefined && SENSITIVE_KEY.test(key) ? REDACTED : redact(item, depth + 1);
    if (next !== item) {
      copy ??= { ...value };
      copy[key] = next;
    }
  }
  return copy ?? value;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
