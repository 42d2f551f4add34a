import { isIP } from 'node:net';
import { normalizeIp } from '@nestjs/throttler';

/** The tracker of a request whose peer address is unknown (its socket is already gone). */
export const UNKNOWN_CLIENT = 'unknown';

/**
 * IPv6 clients are counted per /64: one subscriber usually holds a whole /64, so counting single
 * addresses would let one client rotate through 2^64 trackers.
 */
const IPV6_PREFIX = 64;

/**
 * The client address the per-IP limit counts. Fastify's `trustProxy` stays off; this
 * is the one place that reads `X-Forwarded-For`.
 *
 * - `trustedHops` 0: the socket peer; the header is ignored (anyone can send it).
 * - `trustedHops` N: the N-th address from the right, the one the outermost trusted proxy
 *   appended. Entries further left were written by the client and are never read. With fewer
 *   entries than N, the leftmost (still appended by a trusted proxy; proxy-addr does the same).
 * - A missing header, or one whose trusted entries are not bare IP addresses (a port, brackets,
 *   an empty entry): the socket peer.
 *
 * The result is normalised: IPv4-mapped IPv6 (`::ffff:192.0.2.1`) becomes IPv4, other IPv6
 * addresses become their /64 (`2001:db8::/64`).
 */
export function clientIp(
  peer: string | undefined,
  forwardedFor: string | readonly string[] | undefined,
  trustedHops: number,
): string {
  const address = forwardedAddress(forwardedFor, trustedHops) ?? peer;
  return address ? normalizeIp(address, IPV6_PREFIX) : UNKNOWN_CLIENT;
}

function forwardedAddress(
  header: string | readonly string[] | undefined,
  trustedHops: number,
): string | undefined {
  if (trustedHops <= 0 || header === undefined) {
    return undefined;
  }
  // Node joins repeated X-Forwarded-For headers with ", "; an array is joined the same way.
  const entries = (typeof header === 'string' ? header : header.join(',')).split(',');
  const trusted = entries.slice(-trustedHops).map((entry) => entry.trim());
  return trusted.every((entry) => isIP(entry) !== 0) ? trusted[0] : undefined;
}
