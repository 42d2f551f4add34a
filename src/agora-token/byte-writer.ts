import { TokenError } from './errors';
import { assertCount, assertString, isUint, UINT32_MAX } from './validate';

/** Little-endian; u16-length bytes and strings; maps by ascending key; every put range-checked. */
export class ByteWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(initialCapacity = 256) {
    this.buf = Buffer.allocUnsafe(initialCapacity);
  }

  /** The bytes written so far (a view, not a copy). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  putUint16(value: number): this {
    if (!isUint(value, 0xffff)) {
      throw new TokenError('ERR_VALUE_INVALID', 'value does not fit in an unsigned 16-bit field');
    }
    this.reserve(2);
    this.pos = this.buf.writeUInt16LE(value, this.pos);
    return this;
  }

  putInt16(value: number): this {
    if (!Number.isInteger(value) || value < -0x8000 || value > 0x7fff) {
      throw new TokenError('ERR_VALUE_INVALID', 'value does not fit in a signed 16-bit field');
    }
    this.reserve(2);
    this.pos = this.buf.writeInt16LE(value, this.pos);
    return this;
  }

  putUint32(value: number): this {
    if (!isUint(value, UINT32_MAX)) {
      throw new TokenError('ERR_VALUE_INVALID', 'value does not fit in an unsigned 32-bit field');
    }
    this.reserve(4);
    this.pos = this.buf.writeUInt32LE(value, this.pos);
    return this;
  }

  putRaw(data: Uint8Array): this {
    this.reserve(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
    return this;
  }

  putBytes(data: Uint8Array): this {
    if (data.length > 0xffff) {
      throw new TokenError('ERR_STRING_TOO_LONG', 'a byte field is longer than 65535 bytes');
    }
    return this.putUint16(data.length).putRaw(data);
  }

  putString(value: string, what = 'string'): this {
    const length = assertString(value, what);
    this.reserve(2 + length);
    this.pos = this.buf.writeUInt16LE(length, this.pos);
    this.pos += this.buf.write(value, this.pos, length, 'utf8');
    return this;
  }

  putUint32Map(map: ReadonlyMap<number, number>): this {
    assertCount(map.size, 'a privilege map');
    this.putUint16(map.size);
    for (const key of sortedKeys(map)) {
      this.putUint16(key).putUint32(map.get(key) as number);
    }
    return this;
  }

  putStringMap(map: ReadonlyMap<number, string>): this {
    assertCount(map.size, 'a string map');
    this.putUint16(map.size);
    for (const key of sortedKeys(map)) {
      this.putUint16(key).putString(map.get(key) as string);
    }
    return this;
  }

  private reserve(extra: number): void {
    const needed = this.pos + extra;
    if (needed <= this.buf.length) {
      return;
    }
    let capacity = this.buf.length * 2;
    while (capacity < needed) {
      capacity *= 2;
    }
    const grown = Buffer.allocUnsafe(capacity);
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }
}

function sortedKeys(map: ReadonlyMap<number, unknown>): number[] {
  return [...map.keys()].sort((a, b) => a - b);
}
