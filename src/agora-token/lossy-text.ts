import { isUtf8 } from 'node:buffer';

/**
 * Text fields of a token as a person can read them, whatever their bytes. Agora's references do
 * not all write UTF-8 (the Go builder writes a lone surrogate as its three WTF-8 bytes, and every
 * reference parser accepts it), so a reader that refused such a token would refuse tokens Agora
 * accepts. Valid UTF-8 decodes as usual; otherwise each byte that is not part of a valid UTF-8
 * sequence is written `\xHH` (uppercase hex) and, so the result stays unambiguous, each backslash
 * `\\`. Signatures are checked over the original bytes, never over this text.
 */
export interface LossyText {
  text: string;
  /** True when the bytes were not valid UTF-8 and `text` carries escapes. */
  escaped: boolean;
}

export function decodeLossy(bytes: Uint8Array): LossyText {
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
  if (lead >= 0xc2 && lead <= 0xdf) {
    return 2;
  }
  if (lead >= 0xe0 && lead <= 0xef) {
    return 3;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    return 4;
  }
  return 0;
}
