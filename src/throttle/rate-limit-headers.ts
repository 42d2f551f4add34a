import type { ThrottlerStorageRecord } from './memory-throttler-storage';

/**
 * The caller's budget in the conventional `X-RateLimit-*` fields (@nestjs/throttler's names,
 * which clients and API gateways already read; the IETF RateLimit fields are still a draft that
 * has changed shape between versions):
 * - `X-RateLimit-Limit`: requests allowed per window;
 * - `X-RateLimit-Remaining`: requests left in this window (0 once over);
 * - `X-RateLimit-Reset`: seconds until the budget is back: the window's end, or while blocked
 *   the block's end (then equal to `Retry-After`).
 */
export function rateLimitHeaders(
  limit: number,
  { totalHits, timeToExpire, isBlocked, timeToBlockExpire }: ThrottlerStorageRecord,
): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': String(isBlocked ? 0 : Math.max(0, limit - totalHits)),
    'X-RateLimit-Reset': String(isBlocked ? Math.max(1, timeToBlockExpire) : timeToExpire),
  };
}
