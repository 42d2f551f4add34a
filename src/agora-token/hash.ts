import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';

export function hmacSha256(key: Uint8Array | string, data: Uint8Array | string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

export function hmacSha1(key: Uint8Array | string, data: Uint8Array | string): Buffer {
  return createHmac('sha1', key).update(data).digest();
}

export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** Unsigned (006 tokens). */
export function crc32(text: string): number {
  return zlibCrc32(text) >>> 0;
}

/** A 32-bit little-endian encoding, the HMAC key form of 007 timestamps and salts. */
export function uint32le(value: number): Buffer {
  const out = Buffer.allocUnsafe(4);
  out.writeUInt32LE(value, 0);
  return out;
}

/** Signature comparison in constant time; different lengths are simply unequal. */
export function constantTimeEqual(expected: Uint8Array, actual: Uint8Array): boolean {
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
