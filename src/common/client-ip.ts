import { isIP } from 'node:net';
import { normalizeIp } from '@nestjs/throttler';

/** The tracker of a request whose peer address is unknown (its socket is already gone). */
export const UNKNOWN_CLIENT = 'unknown';

/** IPv6 clients are counted per /64: one subscriber usually holds a whole /64. */
const IPV6_PREFIX = 64;

// The address the per-IP limit counts: the N-th `X-Forwarded-For` entry from the right (leftmost
// if fewer, as proxy-addr), else the socket peer. IPv4-mapped becomes IPv4, other IPv6 its /64.
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
