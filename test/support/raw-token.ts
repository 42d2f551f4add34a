import { createHmac } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/**
 * A 007 token with one RTC service whose channel and user are arbitrary bytes, signed like Agora's
 * references sign: written here with node:crypto and node:zlib only, so it does not lean on the
 * library under test. Used for tokens the library's builders refuse to write (text that is not
 * UTF-8, such as the WTF-8 bytes of a lone surrogate that Agora's Go builder writes).
 */
export interface RawRtcToken {
  appId: string;
  appCertificate: string;
  issuedAt: number;
  expire: number;
  salt: number;
  channel: Buffer;
  user: Buffer;
  /** [privilege id, seconds] */
  privileges: Array<[number, number]>;
}

export function rawRtcToken(t: RawRtcToken): string {
  const u16 = (n: number) => Buffer.from([n & 0xff, n >> 8]);
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  const bytes = (b: Buffer) => Buffer.concat([u16(b.length), b]);
  const signingInfo = Buffer.concat([
    bytes(Buffer.from(t.appId)),
    u32(t.issuedAt),
    u32(t.expire),
    u32(t.salt),
    u16(1),
    u16(1),
    u16(t.privileges.length),
    ...t.privileges.flatMap(([id, seconds]) => [u16(id), u32(seconds)]),
    bytes(t.channel),
    bytes(t.user),
  ]);
  const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();
  const key = hmac(u32(t.salt), hmac(u32(t.issuedAt), Buffer.from(t.appCertificate)));
  const payload = Buffer.concat([bytes(hmac(key, signingInfo)), signingInfo]);
  return `007${deflateSync(payload).toString('base64')}`;
}

/** The bytes Agora's Go builder writes for a lone high surrogate U+D800 (WTF-8). */
export const LONE_SURROGATE = Buffer.from([0xed, 0xa0, 0x80]);
