import { hash } from 'node:crypto';

/**
 * The two limits: `ip` runs before the JWT guard, so floods of bad tokens are cut
 * before any signature check; `user` runs after it, per caller `iss`+`sub`.
 */
export const THROTTLE_TIERS = ['ip', 'user'] as const;
export type ThrottleTierName = (typeof THROTTLE_TIERS)[number];

/*
 * Why the defaults (120 per 60 s per IP, 60 per 60 s per caller) never block a client renewing at
 * Agora's cadence: an Agora token lives at least 60 s (TOKEN_*_TTL_SECONDS has a floor of 60) and
 * the SDK renews 30 s before expiry, so one session renews at most twice a minute (once an hour
 * with the default 3600 s lifetime). Even a caller with several devices, each holding an RTC and
 * an RTM token at the shortest lifetime and retrying every renewal a few times, stays far below
 * 60 a minute. Only a caller that exceeds its limit is blocked, for one window (blockDuration =
 * ttl), and the 429 says when to retry (Retry-After). Per IP, 120 a minute lets about 7,000 users
 * behind one NAT renew hourly tokens; deployments with short lifetimes behind a large NAT should
 * raise THROTTLE_IP_LIMIT or count the real client through TRUSTED_PROXY_HOPS.
 */

/**
 * The storage key of a tracker (client IP or principal) in a tier. One budget per caller across
 * every route (the library's default keys per route). Hashed so that neither addresses nor
 * identities are stored in Redis, and keys have a bounded length whatever `iss` and `sub` are.
 */
export function throttleKey(tier: ThrottleTierName, tracker: string): string {
  return `${tier}:${hash('sha256', tracker, 'base64url')}`;
}
