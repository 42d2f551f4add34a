import { clientIp, UNKNOWN_CLIENT } from './client-ip';

describe(clientIp.name, () => {
  const PEER = '10.0.0.9';

  // [case, peer, X-Forwarded-For, trusted hops, expected tracker]
  const cases: Array<[string, string | undefined, string | string[] | undefined, number, string]> =
    [
      // 0 hops: the header is whatever the client wants it to be, so it is never read.
      ['0 hops, no header', PEER, undefined, 0, PEER],
      ['0 hops, a forged header', PEER, '203.0.113.7', 0, PEER],
      ['0 hops, a forged chain', PEER, '203.0.113.7, 198.51.100.1', 0, PEER],
      // N hops: the N-th address from the right, appended by the outermost trusted proxy.
      ['1 hop, one entry', PEER, '203.0.113.7', 1, '203.0.113.7'],
      [
        '1 hop, client-written entries on the left',
        PEER,
        '1.1.1.1, 2.2.2.2, 203.0.113.7',
        1,
        '203.0.113.7',
      ],
      ['2 hops', PEER, '1.1.1.1, 203.0.113.7, 10.1.1.1', 2, '203.0.113.7'],
      ['3 hops', PEER, '203.0.113.7,10.2.2.2,10.1.1.1', 3, '203.0.113.7'],
      ['2 hops, fewer entries than hops: the leftmost', PEER, '203.0.113.7', 2, '203.0.113.7'],
      ['1 hop, repeated headers (joined)', PEER, ['1.1.1.1', '203.0.113.7'], 1, '203.0.113.7'],
      ['1 hop, surrounding spaces', PEER, '  203.0.113.7  ', 1, '203.0.113.7'],
      // Garbage in the client-written part is never read, so it does not matter.
      [
        '1 hop, garbage left of the trusted entry',
        PEER,
        'not-an-ip, 203.0.113.7',
        1,
        '203.0.113.7',
      ],
      // Malformed trusted entries: the socket peer.
      ['1 hop, no header', PEER, undefined, 1, PEER],
      ['1 hop, empty header', PEER, '', 1, PEER],
      ['1 hop, a hostname', PEER, 'example.com', 1, PEER],
      ['1 hop, an address with a port', PEER, '203.0.113.7:4711', 1, PEER],
      ['1 hop, a bracketed IPv6 address', PEER, '[2001:db8::1]', 1, PEER],
      ['1 hop, an empty trusted entry', PEER, '203.0.113.7,', 1, PEER],
      ['2 hops, one trusted entry malformed', PEER, '203.0.113.7, unknown', 2, PEER],
      ['1 hop, an out-of-range octet', PEER, '203.0.113.256', 1, PEER],
      // Normalisation, from the peer or from the header.
      ['an IPv4-mapped IPv6 peer', '::ffff:192.0.2.1', undefined, 0, '192.0.2.1'],
      ['an IPv4-mapped IPv6 peer in hex', '::ffff:c000:201', undefined, 0, '192.0.2.1'],
      ['an IPv4-mapped IPv6 forwarded address', PEER, '::ffff:192.0.2.1', 1, '192.0.2.1'],
      ['an IPv6 peer: its /64', '2001:db8:1:2:3:4:5:6', undefined, 0, '2001:db8:1:2::/64'],
      [
        'another address in the same /64',
        '2001:db8:1:2:ffff::1',
        undefined,
        0,
        '2001:db8:1:2::/64',
      ],
      ['an IPv6 forwarded address: its /64', PEER, '2001:DB8:1:2::9', 1, '2001:db8:1:2::/64'],
      ['IPv6 loopback', '::1', undefined, 0, '::1'],
      ['no peer address (socket gone)', undefined, undefined, 0, UNKNOWN_CLIENT],
      ['no peer address, malformed header', undefined, 'junk', 1, UNKNOWN_CLIENT],
    ];

  it.each(cases)('should count %s', (_case, peer, header, hops, expected) => {
    expect(clientIp(peer, header, hops)).toBe(expected);
  });
});
