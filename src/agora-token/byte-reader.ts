import { TokenError } from './errors';
import { decodeLossy } from './lossy-text';

/**
 * The mirror of ByteWriter. A read past the end is `ERR_TOKEN_MALFORMED` (a truncated token never
 * reads as zeros); text that is not UTF-8 is read escaped (lossy-text.ts) and counted.
 */
export class ByteReader {
  private pos: number;
  private escaped = 0;

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

  get escapedStrings(): number {
    return this.escaped;
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

  /** A view into the source buffer. */
  getRaw(count: number): Buffer {
    this.need(count);
    const view = this.buf.subarray(this.pos, this.pos + count);
    this.pos += count;
    return view;
  }

  getBytes(): Buffer {
    return this.getRaw(this.getUint16());
  }

  getString(): string {
    const { text, escaped } = decodeLossy(this.getBytes());
    if (escaped) {
      this.escaped += 1;
    }
    return text;
  }

  /** Maps as [key, value] pairs in wire order. */
  getUint32Map(): Array<[number, number]> {
    const count = this.getUint16();
    const entries: Array<[number, number]> = [];
    for (let i = 0; i < count; i++) {
      entries.push([this.getUint16(), this.getUint32()]);
    }
    return entries;
  }

  getStringMap(): Array<[number, string]> {
    const count = this.getUint16();
    const entries: Array<[number, string]> = [];
    for (let i = 0; i < count; i++) {
      entries.push([this.getUint16(), this.getString()]);
    }
    return entries;
  }

  assertConsumed(): void {
    if (this.pos !== this.end) {
      throw new TokenError('ERR_TOKEN_MALFORMED', 'token has unexpected trailing bytes');
    }
  }

  private need(count: number): void {
    if (this.pos + count > this.end) {
      throw new TokenError('ERR_TOKEN_MALFORMED', 'token content is truncated');
    }
  }
}
