import { randomInt } from 'node:crypto';
import { decodeBase64, encodeBase64 } from './base64';
import { ByteReader } from './byte-reader';
import { ByteWriter } from './byte-writer';
import { TokenError } from './errors';
import { constantTimeEqual, crc32, hmacSha256 } from './hash';
import { assertHex32, assertString, assertUint32, isUint, uidToText } from './validate';

/** Version prefix of the legacy AccessToken. */
export const VERSION_006 = '006';

/** 006 privilege ids; each is granted until an absolute unix time in seconds. */
export const Privilege006 = {
  JoinChannel: 1,
  PublishAudioStream: 2,
  PublishVideoStream: 3,
  PublishDataStream: 4,
  /** Only the C++ reference names it; it is packed like any other id. */
  AdministrateChannel: 101,
  RtmLogin: 1000,
} as const;

/** Inputs of a low-level 006 build. */
export interface AccessToken006Options {
  /** App ID: exactly 32 hex characters, written into the token and signed as given (case kept). */
  appId: string;
  /** App Certificate: exactly 32 hex characters; its text (case kept) is the HMAC-SHA256 key. */
  appCertificate: string;
  /** Channel name (for RTM: the user account), at most 65535 UTF-8 bytes. */
  channelName: string;
  /**
   * User id. A number must be an integer in 0..2^32-1 and is signed as its decimal text, except 0,
   * which is signed as "" (any user). A string (at most 65535 UTF-8 bytes) is signed as given, so
   * the string "0" stays "0".
   */
  uid: number | string;
  /**
   * Privilege id (0..65535) to absolute unix expiry in seconds (0..2^32-1). Packed in ascending id
   * order whatever the input order; a repeated id keeps its last value.
   */
  privileges: Iterable<readonly [number, number]>;
  /** Salt, 0..2^32-1. Default: a random integer in 1..99999999. */
  salt?: number;
  /** Absolute unix time in seconds at which the token expires, 0..2^32-1. Default: now + 86400. */
  ts?: number;
}

/** The fields of a 006 token. Nothing here is trusted until `verifyAccessToken006` says so. */
export interface ParsedAccessToken006 {
  version: typeof VERSION_006;
  /** The 32-character App ID as written in the token. */
  appId: string;
  /** HMAC-SHA256 signature, 32 bytes. */
  signature: Buffer;
  /** CRC-32 of the channel name the token was signed for (unsigned). */
  crcChannelName: number;
  /** CRC-32 of the uid text the token was signed for (unsigned; 0 for the "" wildcard). */
  crcUid: number;
  /** Salt, 0..2^32-1. */
  salt: number;
  /** Absolute token expiry, unix seconds. */
  ts: number;
  /** [privilege id, absolute unix expiry in seconds] pairs in wire order. */
  privileges: Array<[number, number]>;
  /** The signed message (salt, ts, privileges) exactly as carried, so verification signs the same bytes. */
  message: Buffer;
}

/** What the caller expects the token to be for; none of it is recoverable from the token itself. */
export interface VerifyAccessToken006Options {
  /** App Certificate: exactly 32 hex characters, case as used when building. */
  appCertificate: string;
  /** Channel name (for RTM: the user account). */
  channelName: string;
  /** User id, with the same rule as when building (number 0 means ""; for RTM pass ""). */
  uid: number | string;
}

/** Builds a 006 token: `"006" + appId + base64(content)`. Throws TokenError on any invalid input. */
export function buildAccessToken006(options: AccessToken006Options): string {
  const { appId, appCertificate, channelName } = options;
  assertHex32(appId, 'ERR_APP_ID_INVALID', 'appId');
  assertHex32(appCertificate, 'ERR_APP_CERTIFICATE_INVALID', 'appCertificate');
  assertString(channelName, 'channelName');
  const uid = uidToText(options.uid);
  // The python and go references draw 1..99999999; nodejs reuses one per process, which we avoid.
  const salt = options.salt ?? randomInt(1, 100_000_000);
  const ts = options.ts ?? Math.floor(Date.now() / 1000) + 86_400;
  assertUint32(salt, 'ERR_SALT_INVALID', 'salt');
  assertUint32(ts, 'ERR_TIMESTAMP_INVALID', 'ts');
  const message = new ByteWriter(64)
    .putUint32(salt)
    .putUint32(ts)
    .putUint32Map(privilegeMap(options.privileges))
    .bytes();
  const content = new ByteWriter(128)
    .putBytes(sign(appCertificate, appId, channelName, uid, message))
    .putUint32(crc32(channelName))
    .putUint32(crc32(uid))
    .putBytes(message)
    .bytes();
  return VERSION_006 + appId + encodeBase64(content);
}

/**
 * Decodes a 006 token without checking its signature. Anything that is not exactly one well-formed
 * 006 token (wrong type, prefix, base64, lengths or trailing bytes) is a TokenError.
 */
export function parseAccessToken006(token: unknown): ParsedAccessToken006 {
  if (typeof token !== 'string') {
    throw new TokenError('ERR_TOKEN_MALFORMED', 'token must be a string');
  }
  if (!token.startsWith(VERSION_006)) {
    throw new TokenError('ERR_TOKEN_VERSION', 'token is not a 006 AccessToken');
  }
  const appId = token.slice(3, 35);
  assertHex32(appId, 'ERR_TOKEN_MALFORMED', 'the app id in the token');
  const content = new ByteReader(decodeBase64(token.slice(35)));
  const signature = Buffer.from(content.getBytes());
  if (signature.length !== 32) {
    throw new TokenError('ERR_TOKEN_MALFORMED', 'token signature is not 32 bytes');
  }
  const crcChannelName = content.getUint32();
  const crcUid = content.getUint32();
  const message = Buffer.from(content.getBytes());
  assertConsumed(content);
  const fields = new ByteReader(message);
  const salt = fields.getUint32();
  const ts = fields.getUint32();
  const privileges = fields.getUint32Map();
  assertConsumed(fields);
  const version = VERSION_006;
  return { version, appId, signature, crcChannelName, crcUid, salt, ts, privileges, message };
}

/**
 * True when `parsed` was signed with this certificate for this channel and uid. Expiry (`ts`, the
 * privilege times) is the caller's to judge. Throws TokenError only for invalid caller inputs.
 */
export function verifyAccessToken006(
  parsed: ParsedAccessToken006,
  options: VerifyAccessToken006Options,
): boolean {
  const { appCertificate, channelName } = options;
  assertHex32(appCertificate, 'ERR_APP_CERTIFICATE_INVALID', 'appCertificate');
  assertString(channelName, 'channelName');
  const uid = uidToText(options.uid);
  if (crc32(channelName) !== parsed.crcChannelName || crc32(uid) !== parsed.crcUid) {
    return false;
  }
  const expected = sign(appCertificate, parsed.appId, channelName, uid, parsed.message);
  return constantTimeEqual(expected, parsed.signature);
}

function sign(
  certificate: string,
  appId: string,
  channelName: string,
  uid: string,
  message: Uint8Array,
): Buffer {
  return hmacSha256(certificate, Buffer.concat([Buffer.from(appId + channelName + uid), message]));
}

function privilegeMap(entries: Iterable<readonly [number, number]>): Map<number, number> {
  const map = new Map<number, number>();
  for (const [id, expiry] of entries) {
    if (!isUint(id, 0xffff)) {
      throw new TokenError('ERR_VALUE_INVALID', 'a privilege id must be an integer in 0..65535');
    }
    assertUint32(expiry, 'ERR_EXPIRE_INVALID', 'a privilege expiry');
    map.set(id, expiry);
  }
  return map;
}

function assertConsumed(reader: ByteReader): void {
  if (reader.remaining !== 0) {
    throw new TokenError('ERR_TOKEN_MALFORMED', 'token has unexpected trailing bytes');
  }
}
