import { TokenError } from './errors';
import { decodeLossy } from './lossy-text';

/**
 * Bounds-checked little-endian reader, the mirror of ByteWriter. Any read past the end is
 * `ERR_TOKEN_MALFORMED`: a truncated token never reads as zeros. Text that is not valid UTF-8 is
 * read with its stray bytes escaped (see lossy-text.ts) and counted in `escapedStrings`.
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

  /** How many strings read so far were not valid UTF-8 (and so carry `\xHH` escapes). */
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

  /** `string`: u16 length, then UTF-8 text (stray bytes escaped, see `decodeLossy`). */
  getString(): string {
    const { text, escaped } = decodeLossy(this.getBytes());
    if (escaped) {
      this.escaped += 1;
    }
    return text;
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
