import { deflateSync } from 'node:zlib';
import { TokenError } from './errors';
import { inflateRaw } from './inflate';

/**
 * How the 007 payload is compressed; every Agora parser inflates all three (see the README).
 * `stored` (default, fastest): Rust's uncompressed block; `zlib`: Node's zlib, as the npm package;
 * `canonical`: pako, as Agora's Python, Java, C++ and Go golden tests.
 */
export type Compression = 'stored' | 'zlib' | 'canonical';

export const COMPRESSIONS: readonly Compression[] = ['stored', 'zlib', 'canonical'];

/** Real tokens are well under 8 KiB. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;

const STORED_BLOCK_MAX = 0xffff;

export function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  let i = 0;
  while (i < data.length) {
    // 5552 is the most bytes that can be summed before the 32-bit sums could overflow.
    const end = Math.min(i + 5552, data.length);
    for (; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** A zlib stream made of stored blocks: header 78 9c (as Rust's flate2 writes), blocks, Adler-32. */
function deflateStored(payload: Uint8Array): Buffer {
  const blocks = Math.max(1, Math.ceil(payload.length / STORED_BLOCK_MAX));
  const out = Buffer.allocUnsafe(2 + blocks * 5 + payload.length + 4);
  out[0] = 0x78;
  out[1] = 0x9c;
  let pos = 2;
  for (let block = 0; block < blocks; block++) {
    const start = block * STORED_BLOCK_MAX;
    const length = Math.min(STORED_BLOCK_MAX, payload.length - start);
    out[pos] = block === blocks - 1 ? 1 : 0;
    out.writeUInt16LE(length, pos + 1);
    out.writeUInt16LE(~length & 0xffff, pos + 3);
    out.set(payload.subarray(start, start + length), pos + 5);
    pos += 5 + length;
  }
  out.writeUInt32BE(adler32(payload), pos);
  return out;
}

let pako: { deflate(data: Uint8Array): Uint8Array } | undefined;

function deflateCanonical(payload: Uint8Array): Uint8Array {
  // Loaded on first use: only the canonical mode needs the standard-zlib port.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  pako ??= require('pako') as NonNullable<typeof pako>;
  return pako.deflate(payload);
}

export function deflate(payload: Uint8Array, compression: Compression = 'stored'): Uint8Array {
  switch (compression) {
    case 'stored':
      return deflateStored(payload);
    case 'zlib':
      return deflateSync(payload);
    case 'canonical':
      return deflateCanonical(payload);
    default:
      throw new TokenError('ERR_VALUE_INVALID', 'unknown compression');
  }
}

/** Inflates a zlib stream (RFC 1950), checking header and Adler-32, bounded by `maxLength`. */
export function inflate(data: Uint8Array, maxLength = DEFAULT_MAX_PAYLOAD_BYTES): Uint8Array {
  if (data.length < 6) {
    throw new TokenError('ERR_TOKEN_INFLATE', 'token compression is invalid: stream is truncated');
  }
  const cmf = data[0]!;
  const flg = data[1]!;
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0 || flg & 0x20) {
    throw new TokenError('ERR_TOKEN_INFLATE', 'token compression is invalid: bad zlib header');
  }
  const { output, consumed } = inflateRaw(data.subarray(2), maxLength);
  const trailer = 2 + consumed;
  if (trailer + 4 > data.length) {
    throw new TokenError('ERR_TOKEN_INFLATE', 'token compression is invalid: stream is truncated');
  }
  const expected =
    ((data[trailer]! << 24) |
      (data[trailer + 1]! << 16) |
      (data[trailer + 2]! << 8) |
      data[trailer + 3]!) >>>
    0;
  if (adler32(output) !== expected) {
    throw new TokenError('ERR_TOKEN_INFLATE', 'token compression is invalid: checksum mismatch');
  }
  return output;
}
