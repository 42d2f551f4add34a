import { isIP } from 'node:net';
import { normalizeIp } from '@nestjs/throttler';

/** The tracker of a request whose peer address is unknown (its socket is already gone). */
export const UNKNOWN_CLIENT = 'unknown';

/** IPv6 clients are counted per /64: one subscriber usually holds a whole /64. */
const IPV6_PREFIX = 64;

/**
 * The address the per-IP limit counts: with `trustedHops` N, the N-th `X-Forwarded-For` entry from
 * the right (the leftmost if fewer, as proxy-addr does); the socket peer with no trusted hops or
 * when those entries are not bare IPs. IPv4-mapped IPv6 becomes IPv4, other IPv6 their /64.
 */
export function clientIp(
  peer: string | undefined,
  forwardedFor: string | readonly string[] | undefined,
  trustedHops: number,
): string {
  let address = peer;
  if (trustedHops > 0 && forwardedFor !== undefined) {
    // Node joins repeated X-Forwarded-For headers with ", "; an array is joined the same way.
    const header = typeof forwardedFor === 'string' ? forwardedFor : forwardedFor.join(',');
    const trusted = header
      .split(',')
      .slice(-trustedHops)
      .map((entry) => entry.trim());
    address = (trusted.every((entry) => isIP(entry) !== 0) ? trusted[0] : undefined) ?? peer;
  }
  return address ? normalizeIp(address, IPV6_PREFIX) : UNKNOWN_CLIENT;
}
