import fc from 'fast-check';
import { constants, createDeflate, deflateRawSync, deflateSync } from 'node:zlib';
import { adler32, deflate, inflate } from './compression';
import { TokenError } from './errors';
import { inflateRaw } from './inflate';

describe(inflate.name, () => {
  it('should read what Node zlib writes at every level and strategy', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 3000 }),
        fc.integer({ min: 0, max: 9 }),
        fc.constantFrom(
          constants.Z_DEFAULT_STRATEGY,
          constants.Z_FIXED,
          constants.Z_HUFFMAN_ONLY,
          constants.Z_RLE,
        ),
        (data, level, strategy) => {
          const packed = deflateSync(data, { level, strategy });
          expect(Buffer.from(inflate(packed))).toEqual(Buffer.from(data));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('should read repetitive text compressed with long back-references', () => {
    const text = Buffer.from('abcabcabc-channel-'.repeat(2000));
    expect(Buffer.from(inflate(deflateSync(text)))).toEqual(text);
  });

  it('should hand back read-ahead bytes when a stored block follows a Huffman block', async () => {
    // A sync flush ends the Huffman block and writes an empty stored block to align the stream.
    const deflater = createDeflate();
    const chunks: Buffer[] = [];
    deflater.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise((resolve) => deflater.on('end', resolve));
    deflater.write(Buffer.from('channel-channel-channel-'.repeat(20)));
    await new Promise((resolve) => deflater.flush(constants.Z_SYNC_FLUSH, () => resolve(null)));
    deflater.end(Buffer.from('tail after the flush'));
    await done;
    const expected = 'channel-channel-channel-'.repeat(20) + 'tail after the flush';
    expect(Buffer.from(inflate(Buffer.concat(chunks))).toString()).toBe(expected);
  });

  it('should round-trip its own stored form, including payloads over one block', () => {
    for (const size of [0, 1, 65535, 65536, 140000]) {
      const data = Buffer.alloc(size, 7);
      expect(Buffer.from(inflate(deflate(data, 'stored'), 1 << 20))).toEqual(data);
    }
  });

  it('should compute Adler-32 as zlib does', () => {
    expect(adler32(Buffer.from('Wikipedia'))).toBe(0x11e60398);
    expect(adler32(new Uint8Array(0))).toBe(1);
  });

  it('should throw only TokenErrors on arbitrary input, never hang', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (data) => {
        try {
          inflate(Buffer.concat([Buffer.from([0x78, 0x9c]), data]));
        } catch (error) {
          expect(error).toBeInstanceOf(TokenError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('should stop at the output bound instead of allocating a bomb', () => {
    const bomb = deflateSync(Buffer.alloc(10_000_000));
    expect(() => inflate(bomb, 64 * 1024)).toThrow(
      expect.objectContaining({ code: 'ERR_TOKEN_INFLATE_LIMIT' }),
    );
  });

  it.each([
    ['a bad header', Buffer.from([0x78, 0x9d, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])],
    ['a preset dictionary', Buffer.from([0x78, 0xbb, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])],
    ['a wrong checksum', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x02])],
    ['a missing checksum', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00])],
  ])('should reject %s', (_what, stream) => {
    expect(() => inflate(stream)).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_INFLATE' }));
  });

  it('should reject a reserved block type and a stored length mismatch', () => {
    expect(() => inflateRaw(Buffer.from([0x07]), 100)).toThrow(/reserved block type/);
    expect(() => inflateRaw(Buffer.from([0x01, 0x05, 0x00, 0x00, 0x00]), 100)).toThrow(
      /complement/,
    );
    expect(() => inflateRaw(deflateRawSync(Buffer.from('x')).subarray(0, 1), 100)).toThrow(
      TokenError,
    );
  });
});
