/** What replaces a sensitive value in a log line. */
export const REDACTED = '[redacted]';

/** Field-name endings (case-insensitive) whose values never reach a log line, at any depth. */
const SENSITIVE_KEY = /(token|jwt|secret|password|passwd|certificate|authorization|cookie)$/i;

/** Deeper than pino renders (its depthLimit is 5), so whatever it prints has been looked at. */
const MAX_DEPTH = 8;

/** `value` with sensitive fields replaced: `value` itself (no copy) when nothing needs it. */
export function redactSensitive<T>(value: T, depth = 0): T {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) {
    return value;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, index) => {
      const next = redactSensitive(item, depth + 1);
      if (next !== item) {
        copy ??= [...(value as unknown[])];
        copy[index] = next;
      }
    });
    return (copy ?? value) as T;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    return value;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const item = record[key];
    const next =
      item !== undefined && SENSITIVE_KEY.test(key) ? REDACTED : redactSensitive(item, depth + 1);
    if (next !== item) {
      copy ??= { ...record };
      copy[key] = next;
    }
  }
  return (copy ?? value) as T;
}
