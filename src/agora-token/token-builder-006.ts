import { buildAccessToken006, Privilege006 } from './access-token-006';
import { TokenError } from './errors';
import { assertString, assertUint32 } from './validate';

/**
 * RTC roles of the 006 RtcTokenBuilder. Every role may join. Attendee, Publisher and Admin may also
 * publish audio, video and data; Subscriber may only join. This is the majority behaviour (python,
 * nodejs, go, C++, C#, PHP, Deno); Java and Ruby instead give publish rights to Subscriber and not
 * to Attendee.
 */
export const Role006 = { Attendee: 0, Publisher: 1, Subscriber: 2, Admin: 101 } as const;
/** One of the `Role006` values. */
export type Role006 = (typeof Role006)[keyof typeof Role006];

/** The single RTM role of the 006 RtmTokenBuilder; the references accept it and ignore it. */
export const RtmRole006 = { RtmUser: 1 } as const;
/** One of the `RtmRole006` values. */
export type RtmRole006 = (typeof RtmRole006)[keyof typeof RtmRole006];

interface Builder006Options {
  /** App ID: exactly 32 hex characters, used as given (case kept). */
  appId: string;
  /** App Certificate: exactly 32 hex characters, used as given (case kept). */
  appCertificate: string;
  /** Absolute unix time in seconds until which the privileges hold, 0..2^32-1 (0: no limit). */
  privilegeExpiredTs: number;
  /** Salt, 0..2^32-1. Default: a random integer in 1..99999999. */
  salt?: number;
  /** Absolute unix time in seconds at which the token expires, 0..2^32-1. Default: now + 86400. */
  ts?: number;
}

/** Inputs of `buildRtcToken006WithUid`. */
export interface RtcToken006WithUidOptions extends Builder006Options {
  /** Channel name, at most 65535 UTF-8 bytes. */
  channelName: string;
  /** Numeric user id, an integer in 0..2^32-1; 0 means any user. */
  uid: number;
  /** One of `Role006`. */
  role: Role006;
}

/** Inputs of `buildRtcToken006WithAccount`. */
export interface RtcToken006WithAccountOptions extends Builder006Options {
  /** Channel name, at most 65535 UTF-8 bytes. */
  channelName: string;
  /** User account, signed as given (at most 65535 UTF-8 bytes; "" means any user). */
  account: string;
  /** One of `Role006`. */
  role: Role006;
}

/** Inputs of `buildRtmToken006`. */
export interface RtmToken006Options extends Builder006Options {
  /** RTM user account (signed in the channel-name position), at most 65535 UTF-8 bytes. */
  account: string;
  /** Optional; `RtmRole006.RtmUser` is the only value and changes nothing. */
  role?: RtmRole006;
}

const ROLES: readonly number[] = Object.values(Role006);
const PUBLISH = [
  Privilege006.PublishAudioStream,
  Privilege006.PublishVideoStream,
  Privilege006.PublishDataStream,
];

/** RtcTokenBuilder.buildTokenWithUid (006): a token for one numeric uid in one channel. */
export function buildRtcToken006WithUid(options: RtcToken006WithUidOptions): string {
  assertUint32(options.uid, 'ERR_UID_INVALID', 'uid');
  return buildRtc(options, options.uid);
}

/** RtcTokenBuilder.buildTokenWithAccount (006): a token for one user account in one channel. */
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
  const { appId, appCertificate, account, privilegeExpiredTs, salt, ts } = options;
  const privileges: Array<[number, number]> = [[Privilege006.RtmLogin, privilegeExpiredTs]];
  return buildAccessToken006({
    appId,
    appCertificate,
    channelName: account,
    uid: '',
    privileges,
    salt,
    ts,
  });
}

function buildRtc(
  options: Builder006Options & { channelName: string; role: Role006 },
  uid: number | string,
): string {
  const { appId, appCertificate, channelName, role, privilegeExpiredTs, salt, ts } = options;
  if (!ROLES.includes(role)) {
    throw new TokenError('ERR_VALUE_INVALID', 'role must be one of Role006 (0, 1, 2 or 101)');
  }
  const granted =
    role === Role006.Subscriber
      ? [Privilege006.JoinChannel]
      : [Privilege006.JoinChannel, ...PUBLISH];
  const privileges = granted.map((id): [number, number] => [id, privilegeExpiredTs]);
  return buildAccessToken006({ appId, appCertificate, channelName, uid, privileges, salt, ts });
}
