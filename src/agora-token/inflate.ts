import { TokenError } from './errors';

/**
 * A small RFC 1951 inflater (in the manner of zlib's `puff`). Tokens are a few hundred bytes, where
 * setting up a native zlib stream costs more than decoding in JavaScript; writing it ourselves also
 * gives an exact output bound and typed errors for every malformed stream.
 */

const MAX_BITS = 15;
const LENGTH_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
  163, 195, 227, 258,
];
const LENGTH_EXTRA = [
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049,
  3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** Codes of up to this many bits decode with one table look-up; longer ones bit by bit. */
const FAST_BITS = 9;

/**
 * A canonical Huffman code: how many codes of each length, the symbols in code order, and a
 * look-up table indexed by the next FAST_BITS input bits: `symbol << 4 | length`, 0 if longer.
 */
interface Huffman {
  count: Uint16Array;
  symbol: Uint16Array;
  fast: Uint16Array;
}

function corrupt(reason: string): TokenError {
  return new TokenError('ERR_TOKEN_INFLATE', `token compression is invalid: ${reason}`);
}

/** Builds a code from symbol lengths; returns how many codes are left unused (negative: over-subscribed). */
function buildHuffman(lengths: ArrayLike<number>, offset: number, n: number, h: Huffman): number {
  h.count.fill(0);
  for (let s = 0; s < n; s++) {
    h.count[lengths[offset + s] as number]!++;
  }
  if (h.count[0] === n) {
    return 0;
  }
  let left = 1;
  for (let len = 1; len <= MAX_BITS; len++) {
    left = (left << 1) - h.count[len]!;
    if (left < 0) {
      return left;
    }
  }
  const offs = new Uint16Array(MAX_BITS + 1);
  for (let len = 1; len < MAX_BITS; len++) {
    offs[len + 1] = offs[len]! + h.count[len]!;
  }
  for (let s = 0; s < n; s++) {
    const len = lengths[offset + s] as number;
    if (len !== 0) {
      h.symbol[offs[len]!++] = s;
    }
  }
  fillFastTable(h);
  return left;
}

/** Deflate sends codes most significant bit first, so the table is indexed by reversed codes. */
function fillFastTable(h: Huffman): void {
  h.fast.fill(0);
  let code = 0;
  let index = 0;
  for (let len = 1; len <= FAST_BITS; len++) {
    for (let i = 0; i < h.count[len]!; i++) {
      let reversed = 0;
      for (let bit = 0; bit < len; bit++) {
        reversed |= ((code >> bit) & 1) << (len - 1 - bit);
      }
      const entry = (h.symbol[index++]! << 4) | len;
      for (let k = reversed; k < 1 << FAST_BITS; k += 1 << len) {
        h.fast[k] = entry;
      }
      code++;
    }
    code <<= 1;
  }
}

function newHuffman(symbols: number): Huffman {
  return {
    count: new Uint16Array(MAX_BITS + 1),
    symbol: new Uint16Array(symbols),
    fast: new Uint16Array(1 << FAST_BITS),
  };
}

let fixedCodes: { lengths: Huffman; distances: Huffman } | undefined;

function fixed(): { lengths: Huffman; distances: Huffman } {
  if (!fixedCodes) {
    const l = new Uint8Array(288);
    l.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
    const lengths = newHuffman(288);
    buildHuffman(l, 0, 288, lengths);
    const distances = newHuffman(30);
    buildHuffman(new Uint8Array(30).fill(5), 0, 30, distances);
    fixedCodes = { lengths, distances };
  }
  return fixedCodes;
}

class Inflater {
  private pos = 0;
  private bitBuf = 0;
  private bitCount = 0;
  private out: Uint8Array;
  private outLen = 0;

  constructor(
    private readonly input: Uint8Array,
    private readonly maxLength: number,
  ) {
    this.out = new Uint8Array(Math.min(maxLength, Math.max(256, input.length * 4)));
  }

  run(): { output: Uint8Array; consumed: number } {
    let last = 0;
    while (last === 0) {
      last = this.bits(1);
      const type = this.bits(2);
      if (type === 0) {
        this.stored();
      } else if (type === 1) {
        const { lengths, distances } = fixed();
        this.codes(lengths, distances);
      } else if (type === 2) {
        this.dynamic();
      } else {
        throw corrupt('reserved block type');
      }
    }
    // Whole bytes read ahead into the bit buffer were not used by the stream.
    return { output: this.out.subarray(0, this.outLen), consumed: this.pos - (this.bitCount >> 3) };
  }

  private bits(need: number): number {
    let value = this.bitBuf;
    while (this.bitCount < need) {
      if (this.pos >= this.input.length) {
        throw corrupt('stream is truncated');
      }
      value |= this.input[this.pos++]! << this.bitCount;
      this.bitCount += 8;
    }
    this.bitBuf = value >>> need;
    this.bitCount -= need;
    return value & ((1 << need) - 1);
  }

  private ensure(extra: number): void {
    const needed = this.outLen + extra;
    if (needed <= this.out.length) {
      return;
    }
    if (needed > this.maxLength) {
      throw new TokenError(
        'ERR_TOKEN_INFLATE_LIMIT',
        `token inflates beyond the ${this.maxLength}-byte limit`,
      );
    }
    let capacity = this.out.length * 2;
    while (capacity < needed) {
      capacity *= 2;
    }
    const grown = new Uint8Array(Math.min(capacity, this.maxLength));
    grown.set(this.out.subarray(0, this.outLen));
    this.out = grown;
  }

  private stored(): void {
    // Skip to the byte boundary, handing back whole bytes the decoder had read ahead.
    this.pos -= this.bitCount >> 3;
    this.bitBuf = 0;
    this.bitCount = 0;
    if (this.pos + 4 > this.input.length) {
      throw corrupt('stream is truncated');
    }
    const input = this.input;
    const len = input[this.pos]! | (input[this.pos + 1]! << 8);
    const nlen = input[this.pos + 2]! | (input[this.pos + 3]! << 8);
    this.pos += 4;
    if (len !== (~nlen & 0xffff)) {
      throw corrupt('stored block length does not match its complement');
    }
    if (this.pos + len > input.length) {
      throw corrupt('stream is truncated');
    }
    this.ensure(len);
    this.out.set(input.subarray(this.pos, this.pos + len), this.outLen);
    this.outLen += len;
    this.pos += len;
  }

  private decode(h: Huffman): number {
    while (this.bitCount < FAST_BITS && this.pos < this.input.length) {
      this.bitBuf |= this.input[this.pos++]! << this.bitCount;
      this.bitCount += 8;
    }
    const entry = h.fast[this.bitBuf & ((1 << FAST_BITS) - 1)]!;
    const length = entry & 15;
    if (entry !== 0 && length <= this.bitCount) {
      this.bitBuf >>>= length;
      this.bitCount -= length;
      return entry >> 4;
    }
    return this.decodeSlow(h);
  }

  private decodeSlow(h: Huffman): number {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len <= MAX_BITS; len++) {
      code |= this.bits(1);
      const count = h.count[len]!;
      if (code - count < first) {
        return h.symbol[index + (code - first)]!;
      }
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw corrupt('invalid Huffman code');
  }

  private codes(lengths: Huffman, distances: Huffman): void {
    for (;;) {
      let symbol = this.decode(lengths);
      if (symbol < 256) {
        this.ensure(1);
        this.out[this.outLen++] = symbol;
      } else if (symbol === 256) {
        return;
      } else {
        symbol -= 257;
        if (symbol >= 29) {
          throw corrupt('invalid length symbol');
        }
        const length = LENGTH_BASE[symbol]! + this.bits(LENGTH_EXTRA[symbol]!);
        const distSymbol = this.decode(distances);
        if (distSymbol >= 30) {
          throw corrupt('invalid distance symbol');
        }
        const distance = DIST_BASE[distSymbol]! + this.bits(DIST_EXTRA[distSymbol]!);
        if (distance > this.outLen) {
          throw corrupt('distance reaches before the start of the output');
        }
        this.ensure(length);
        const out = this.out;
        let from = this.outLen - distance;
        for (let i = 0; i < length; i++) {
          out[this.outLen++] = out[from++]!;
        }
      }
    }
  }

  private dynamic(): void {
    const nlen = this.bits(5) + 257;
    const ndist = this.bits(5) + 1;
    const ncode = this.bits(4) + 4;
    if (nlen > 286 || ndist > 30) {
      throw corrupt('too many length or distance codes');
    }
    const lengths = new Uint8Array(nlen + ndist);
    for (let i = 0; i < ncode; i++) {
      lengths[CODE_LENGTH_ORDER[i]!] = this.bits(3);
    }
    const codeLengths = newHuffman(19);
    if (buildHuffman(lengths, 0, 19, codeLengths) !== 0) {
      throw corrupt('incomplete code-length code');
    }
    lengths.fill(0, 0, 19);
    let index = 0;
    while (index < nlen + ndist) {
      let symbol = this.decode(codeLengths);
      if (symbol < 16) {
        lengths[index++] = symbol;
        continue;
      }
      let repeatLength = 0;
      if (symbol === 16) {
        if (index === 0) {
          throw corrupt('repeat with no previous length');
        }
        repeatLength = lengths[index - 1]!;
        symbol = 3 + this.bits(2);
      } else if (symbol === 17) {
        symbol = 3 + this.bits(3);
      } else {
        symbol = 11 + this.bits(7);
      }
      if (index + symbol > nlen + ndist) {
        throw corrupt('too many code lengths');
      }
      lengths.fill(repeatLength, index, index + symbol);
      index += symbol;
    }
    if (lengths[256] === 0) {
      throw corrupt('no end-of-block code');
    }
    const lengthCode = newHuffman(nlen);
    let left = buildHuffman(lengths, 0, nlen, lengthCode);
    // An incomplete code is only allowed for a single code of one bit (as zlib's puff decides).
    if (left < 0 || (left > 0 && nlen !== lengthCode.count[0]! + lengthCode.count[1]!)) {
      throw corrupt('incomplete literal/length code');
    }
    const distCode = newHuffman(ndist);
    left = buildHuffman(lengths, nlen, ndist, distCode);
    if (left < 0 || (left > 0 && ndist !== distCode.count[0]! + distCode.count[1]!)) {
      throw corrupt('incomplete distance code');
    }
    this.codes(lengthCode, distCode);
  }
}

/** Inflates raw deflate data; returns the output and how many input bytes it used. */
export function inflateRaw(
  input: Uint8Array,
  maxLength: number,
): { output: Uint8Array; consumed: number } {
  return new Inflater(input, maxLength).run();
}
