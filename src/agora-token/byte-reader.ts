import { isUtf8 } from 'node:buffer';
import { TokenError } from './errors';

/**
 * Bounds-checked little-endian reader, the mirror of ByteWriter. Any read past the end, or text
 * that is not valid UTF-8, is `ERR_TOKEN_MALFORMED`: a truncated token never reads as zeros.
 */
export class ByteReader {
  private pos: number;

  constructor(
    private readonly buf: Buffer,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  getUint16(): number {
    this.need(2);
    const value = this.buf.readUInt16LE(this.pos);
    this.pos += 2;
    return value;
  }

  getInt16(): number {
    this.need(2);
    const value = this.buf.readInt16LE(this.pos);
    this.pos += 2;
    return value;
  }

  getUint32(): number {
    this.need(4);
    const value = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return value;
  }

  /** `count` raw bytes (a view into the source buffer). */
  getRaw(count: number): Buffer {
    this.need(count);
    const view = this.buf.subarray(this.pos, this.pos + count);
    this.pos += count;
    return view;
  }

  /** `bytes`: u16 length, then that many bytes. */
  getBytes(): Buffer {
    return this.getRaw(this.getUint16());
  }

  /** `string`: u16 length, then UTF-8 text. */
  getString(): string {
    const raw = this.getBytes();
    if (!isUtf8(raw)) {
      throw new TokenError('ERR_TOKEN_MALFORMED', 'token holds text that is not valid UTF-8');
    }
    return raw.toString('utf8');
  }

  /** `map<u16,u32>` as [key, value] pairs in wire order. */
  getUint32Map(): Array<[number, number]> {
    const count = this.getUint16();
    const entries: Array<[number, number]> = [];
    for (let i = 0; i < count; i++) {
      entries.push([this.getUint16(), this.getUint32()]);
    }
    return entries;
  }

  /** `map<u16,string>` as [key, value] pairs in wire order. */
  getStringMap(): Array<[number, string]> {
    const count = this.getUint16();
    const entries: Array<[number, string]> = [];
    for (let i = 0; i < count; i++) {
      entries.push([this.getUint16(), this.getString()]);
    }
    return entries;
  }

  private need(count: number): void {
    if (this.pos + count > this.end) {
      throw new TokenError('ERR_TOKEN_MALFORMED', 'token content is truncated');
    }
  }
}
