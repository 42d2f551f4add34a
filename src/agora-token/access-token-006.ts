import { randomInt } from 'node:crypto';
import { decodeBase64, encodeBase64 } from './base64';
import { ByteReader } from './byte-reader';
import { ByteWriter } from './byte-writer';
import { TokenError } from './errors';
import { constantTimeEqual, crc32, hmacSha256 } from './hash';
import {
  assertHex32,
  assertString,
  assertUint32,
  assertVersion,
  privilegeMap,
  uidToText,
} from './validate';

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

export interface AccessToken006Options {
  appId: string;
  /** Its text (case kept) is the HMAC-SHA256 key. */
  appCertificate: string;
  /** For RTM: the user account. */
  channelName: string;
  /** Number 0 is signed as "" (any user), other numbers as decimal text; strings as given. */
  uid: number | string;
  /** Privilege id to absolute unix expiry; packed by ascending id, a repeated id keeps its last. */
  privileges: Iterable<readonly [number, number]>;
  salt?: number;
  /** Absolute unix expiry of the token. Default: now + 86400. */
  ts?: number;
}

/** Nothing here is trusted until `verifyAccessToken006` says so. */
export interface ParsedAccessToken006 {
  version: typeof VERSION_006;
  appId: string;
  signature: Buffer;
  /** CRC-32s of the channel name and the uid text the token was signed for. */
  crcChannelName: number;
  crcUid: number;
  salt: number;
  ts: number;
  /** [privilege id, absolute unix expiry] pairs in wire order. */
  privileges: Array<[number, number]>;
  /** The signed bytes (salt, ts, privileges) as carried. */
  message: Buffer;
}

/** The uid follows the rule of building (number 0 means ""; for RTM pass ""). */
export type VerifyAccessToken006Options = Pick<
  AccessToken006Options,
  'appCertificate' | 'channelName' | 'uid'
>;

/** `"006" + appId + base64(content)`. */
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
    .putUint32Map(privilegeMap(options.privileges, 'a '))
    .bytes();
  const content = new ByteWriter(128)
    .putBytes(sign(appCertificate, appId, channelName, uid, message))
    .putUint32(crc32(channelName))
    .putUint32(crc32(uid))
    .putBytes(message)
    .bytes();
  return VERSION_006 + appId + encodeBase64(content);
}

/** Decodes without checking the signature; anything but one well-formed 006 token is a TokenError. */
export function parseAccessToken006(token: unknown): ParsedAccessToken006 {
  assertVersion(token, VERSION_006, 'token is not a 006 AccessToken');
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
  content.assertConsumed();
  const fields = new ByteReader(message);
  const salt = fields.getUint32();
  const ts = fields.getUint32();
  const privileges = fields.getUint32Map();
  fields.assertConsumed();
  const version = VERSION_006;
  return { version, appId, signature, crcChannelName, crcUid, salt, ts, privileges, message };
}

/** Signed with this certificate for this channel and uid? Expiry is the caller's to judge. */
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

function sign(cert: string, appId: string, channel: string, uid: string, message: Uint8Array) {
  return hmacSha256(cert, Buffer.concat([Buffer.from(appId + channel + uid), message]));
}

/** 006 RTC roles: only Subscriber cannot publish (Java and Ruby swap it with Attendee). */
export const Role006 = { Attendee: 0, Publisher: 1, Subscriber: 2, Admin: 101 } as const;
export type Role006 = (typeof Role006)[keyof typeof Role006];

/** The single RTM role of the 006 RtmTokenBuilder; the references accept it and ignore it. */
export const RtmRole006 = { RtmUser: 1 } as const;
export type RtmRole006 = (typeof RtmRole006)[keyof typeof RtmRole006];

/** `privilegeExpiredTs`: absolute unix time until which the privileges hold (0: no limit). */
type Builder006Options = Omit<AccessToken006Options, 'channelName' | 'uid' | 'privileges'> & {
  privilegeExpiredTs: number;
};
type Rtc006Options = Builder006Options & { channelName: string; role: Role006 };
/** uid 0 means any user. */
export type RtcToken006WithUidOptions = Rtc006Options & { uid: number };
/** Account "" means any user. */
export type RtcToken006WithAccountOptions = Rtc006Options & { account: string };
/** The account is signed in the channel-name position; the role changes nothing. */
export type RtmToken006Options = Builder006Options & { account: string; role?: RtmRole006 };

const ROLES: readonly number[] = Object.values(Role006);

export function buildRtcToken006WithUid(options: RtcToken006WithUidOptions): string {
  assertUint32(options.uid, 'ERR_UID_INVALID', 'uid');
  return buildRtc(options, options.uid);
}

export function buildRtcToken006WithAccount(options: RtcToken006WithAccountOptions): string {
  assertString(options.account, 'account');
  return buildRtc(options, options.account);
}

/** RtmTokenBuilder.buildToken (006): channel name = account, uid = "", privilege RtmLogin. */
export function buildRtmToken006(options: RtmToken006Options): string {
  if (options.role !== undefined && options.role !== RtmRole006.RtmUser) {
    throw new TokenError('ERR_VALUE_INVALID', 'the RTM role must be RtmRole006.RtmUser (1)');
  }
  assertString(options.account, 'account');
  return build006(options, options.account, '', [Privilege006.RtmLogin]);
}

function buildRtc(options: Rtc006Options, uid: number | string) {
  if (!ROLES.includes(options.role)) {
    throw new TokenError('ERR_VALUE_INVALID', 'role must be one of Role006 (0, 1, 2 or 101)');
  }
  const { JoinChannel, PublishAudioStream, PublishVideoStream, PublishDataStream } = Privilege006;
  const granted =
    options.role === Role006.Subscriber
      ? [JoinChannel]
      : [JoinChannel, PublishAudioStream, PublishVideoStream, PublishDataStream];
  return build006(options, options.channelName, uid, granted);
}

function build006(o: Builder006Options, channelName: string, uid: number | string, ids: number[]) {
  const { appId, appCertificate, salt, ts } = o;
  const privileges = ids.map((id) => [id, o.privilegeExpiredTs] as const);
  return buildAccessToken006({ appId, appCertificate, channelName, uid, privileges, salt, ts });
}
