import { isUtf8 } from 'node:buffer';

/**
 * Readable text whatever the bytes (Go writes a lone surrogate as WTF-8, and every parser accepts
 * it): stray bytes become `\xHH` and backslashes `\\`. Signatures use the original bytes.
 */
export function decodeLossy(bytes: Uint8Array): { text: string; escaped: boolean } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buf)) {
    return { text: buf.toString('utf8'), escaped: false };
  }
  let text = '';
  let i = 0;
  while (i < buf.length) {
    const length = sequenceLength(buf[i]!);
    const sequence = buf.subarray(i, i + length);
    if (length > 0 && sequence.length === length && isUtf8(sequence)) {
      const char = sequence.toString('utf8');
      text += char === '\\' ? '\\\\' : char;
      i += length;
    } else {
      text += `\\x${buf[i]!.toString(16).toUpperCase().padStart(2, '0')}`;
      i += 1;
    }
  }
  return { text, escaped: true };
}

/** Length of the UTF-8 sequence a lead byte starts; 0 for a byte that cannot start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) {
    return 1;
  }
  return lead < 0xc2 || lead > 0xf4 ? 0 : lead <= 0xdf ? 2 : lead <= 0xef ? 3 : 4;
}
