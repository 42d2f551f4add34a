import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { hmacSha256Small } from './sha256';

describe(hmacSha256Small.name, () => {
  it('should equal node:crypto for every key up to 64 bytes and messages across block edges', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.uint8Array({ maxLength: 300 }),
        (key, message) => {
          const expected = createHmac('sha256', key).update(message).digest();
          expect(hmacSha256Small(key, message)).toEqual(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('should match RFC 4231 test case 2', () => {
    const mac = hmacSha256Small(Buffer.from('Jefe'), Buffer.from('what do ya want for nothing?'));
    expect(mac.toString('hex')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('should refuse keys longer than one block', () => {
    expect(() => hmacSha256Small(new Uint8Array(65), new Uint8Array(1))).toThrow(RangeError);
  });
});
