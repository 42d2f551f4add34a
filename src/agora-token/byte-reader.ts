import { TokenError } from './errors';
import { decodeLossy } from './lossy-text';

/** ByteWriter's mirror: reading past the end throws; non-UTF-8 text is escaped and counted. */
export class ByteReader {
  private pos = 0;
  private escaped = 0;

  constructor(private readonly buf: Buffer) {}

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  get escapedStrings(): number {
    return this.escaped;
  }

  getUint16(): number {
    return this.buf.readUInt16LE(this.advance(2));
  }

  getInt16(): number {
    return this.buf.readInt16LE(this.advance(2));
  }

  getUint32(): number {
    return this.buf.readUInt32LE(this.advance(4));
  }

  /** u16 length, then a view of that many bytes into the source buffer. */
  getBytes(): Buffer {
    const length = this.getUint16();
    const at = this.advance(length);
    return this.buf.subarray(at, at + length);
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
    if (this.remaining !== 0) {
      throw new TokenError('ERR_TOKEN_MALFORMED', 'token has unexpected trailing bytes');
    }
  }

  /** Moves past `count` bytes and returns where they start. */
  private advance(count: number): number {
    const at = this.pos;
    if (at + count > this.buf.length) {
      throw new TokenError('ERR_TOKEN_MALFORMED', 'token content is truncated');
    }
    this.pos = at + count;
    return at;
  }
}
