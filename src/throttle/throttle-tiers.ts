import { hash } from 'node:crypto';

/** `ip` runs before the JWT guard (bad tokens never reach a signature check), `user` after it. */
export type ThrottleTierName = 'ip' | 'user';

/*
 * The defaults (120 per 60 s per IP, 60 per caller) never block renewals at Agora's cadence: a
 * token lives at least 60 s and the SDK renews 30 s before expiry. Per IP, 120 a minute lets
 * ~7,000 users behind one NAT renew hourly tokens (else raise it, or set TRUSTED_PROXY_HOPS).
 */

/**
 * The storage key of a tracker: one budget per tier across every route, hashed so neither
 * addresses nor identities are stored in Redis, and of bounded length whatever `iss` and `sub` are.
 */
export function throttleKey(tier: ThrottleTierName, tracker: string): string {
  return `${tier}:${hash('sha256', tracker, 'base64url')}`;
}
