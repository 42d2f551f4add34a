import { hash } from 'node:crypto';

/** `ip` runs before the JWT guard (floods of bad tokens never reach a signature check), `user` after it. */
export type ThrottleTierName = 'ip' | 'user';

/*
 * Why the defaults (120 per 60 s per IP, 60 per 60 s per caller) never block a client renewing at
 * Agora's cadence: a token lives at least 60 s and the SDK renews 30 s before expiry, so a session
 * renews at most twice a minute; several devices with RTC and RTM tokens, retrying, stay far below
 * 60. Per IP, 120 a minute lets ~7,000 users behind one NAT renew hourly tokens; short lifetimes
 * behind a large NAT need a higher THROTTLE_IP_LIMIT or TRUSTED_PROXY_HOPS.
 */

/**
 * The storage key of a tracker (client IP or principal): one budget per tier across every route
 * (the library's default keys per route), hashed so neither addresses nor identities are stored in
 * Redis, and keys have a bounded length whatever `iss` and `sub` are.
 */
export function throttleKey(tier: ThrottleTierName, tracker: string): string {
  return `${tier}:${hash('sha256', tracker, 'base64url')}`;
}
