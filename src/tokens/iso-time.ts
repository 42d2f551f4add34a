/** Recently formatted times: a busy second formats the same few expiry times again and again. */
const isoCache = new Map<number, string>();
const ISO_CACHE_SIZE = 64;

/** Unix seconds as ISO-8601 (`2026-01-01T12:00:00.000Z`). */
export function iso(unixSeconds: number): string {
  let text = isoCache.get(unixSeconds);
  if (text === undefined) {
    text = new Date(unixSeconds * 1000).toISOString();
    if (isoCache.size >= ISO_CACHE_SIZE) {
      isoCache.clear();
    }
    isoCache.set(unixSeconds, text);
  }
  return text;
}

/** A record of seconds (privilege name to seconds or unix time), each value mapped. */
export function mapValues<U>(record: object, map: (value: number) => U): Record<string, U> {
  return Object.fromEntries(
    Object.entries(record as Record<string, number>).map(([key, value]) => [key, map(value)]),
  );
}
