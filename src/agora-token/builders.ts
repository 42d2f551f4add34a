import { buildAccessToken2 } from './access-token2';
import type { Compression } from './compression';
import { TokenError } from './errors';
import { md5Hex } from './hash';
import type { PrivilegeList, Rtm2Permission, Service } from './services';

/**
 * What every 007 builder of Agora's references takes (with their privileges and expiries here).
 * `issuedAt` defaults to now, `salt` to a random 1..99999999, `compression` to `stored`.
 */
export interface BuilderBase {
  appId: string;
  appCertificate: string;
  issuedAt?: number;
  salt?: number;
  compression?: Compression;
}

function build(options: BuilderBase, expire: number, services: Service[]): string {
  return buildAccessToken2({ ...options, expire, services });
}

export const RtcRole = { Publisher: 1, Subscriber: 2 } as const;
export type RtcRole = (typeof RtcRole)[keyof typeof RtcRole];

/** Seconds after issue until each RTC privilege ends (0: as long as the token, by Agora's servers). */
export interface RtcPrivilegeExpiry {
  joinChannel: number;
  publishAudioStream: number;
  publishVideoStream: number;
  publishDataStream: number;
}

interface RtcRoleOptions extends BuilderBase {
  channelName: string;
  role: RtcRole;
  tokenExpireSeconds: number;
  /** Lifetime of every privilege in seconds after issue; Agora's default is 0. */
  privilegeExpireSeconds?: number;
}

/** uid 0 makes the "any user" token. */
export type RtcUidOptions = RtcRoleOptions & { uid: number };
export type RtcAccountOptions = RtcRoleOptions & { account: string };

interface RtcPrivilegeOptions extends BuilderBase {
  channelName: string;
  tokenExpireSeconds: number;
  /** All four privileges are always written (no role). */
  privilegeExpireSeconds: RtcPrivilegeExpiry;
}

export interface RtcRtm2Options extends BuilderBase {
  channelName: string;
  /** The RTC uid (number) or account (string). */
  rtcAccount: number | string;
  rtcRole: RtcRole;
  rtcTokenExpireSeconds: number;
  /** The publish lifetimes apply to publishers only. */
  privilegeExpireSeconds: RtcPrivilegeExpiry;
  rtmUserId: string;
  rtmTokenExpireSeconds: number;
}

/** `expireSeconds`: token lifetime and login privilege. */
export type RtmOptions = BuilderBase & { userId: string; expireSeconds: number };

/** Join (1) always; publish audio, video and data (2-4) for publishers or when there is no role. */
function rtcPrivileges(role: RtcRole | null, e: RtcPrivilegeExpiry | number): PrivilegeList {
  if (role !== null && role !== RtcRole.Publisher && role !== RtcRole.Subscriber) {
    // Agora's builders treat any other value as a subscriber; we refuse to guess.
    throw new TokenError('ERR_VALUE_INVALID', 'role must be 1 (publisher) or 2 (subscriber)');
  }
  const [join, audio, video, data] =
    typeof e === 'number'
      ? [e, e, e, e]
      : [e.joinChannel, e.publishAudioStream, e.publishVideoStream, e.publishDataStream];
  return role === RtcRole.Subscriber
    ? [[1, join]]
    : [
        [1, join],
        [2, audio],
        [3, video],
        [4, data],
      ];
}

function rtcToken(o: RtcRoleOptions, uid: number | string, rtm?: Service): string {
  const privileges = rtcPrivileges(o.role, o.privilegeExpireSeconds ?? 0);
  const rtc: Service = { type: 1, privileges, channelName: o.channelName, uid };
  return build(o, o.tokenExpireSeconds, rtm ? [rtc, rtm] : [rtc]);
}

function privilegeToken(o: RtcPrivilegeOptions, uid: number | string): string {
  const privileges = rtcPrivileges(null, o.privilegeExpireSeconds);
  return build(o, o.tokenExpireSeconds, [{ type: 1, privileges, channelName: o.channelName, uid }]);
}

/** RtcTokenBuilder.buildTokenWithUid: RTC with join (+ publish for publishers). */
export const buildRtcTokenWithUid = (o: RtcUidOptions) => rtcToken(o, o.uid);
export const buildRtcTokenWithUserAccount = (o: RtcAccountOptions) => rtcToken(o, o.account);
/** RtcTokenBuilder.buildTokenWithUidAndPrivilege: all four privileges with their own expiry. */
export const buildRtcTokenWithUidAndPrivilege = (o: RtcPrivilegeOptions & { uid: number }) =>
  privilegeToken(o, o.uid);
export const buildRtcTokenWithUserAccountAndPrivilege = (
  o: RtcPrivilegeOptions & { account: string },
) => privilegeToken(o, o.account);

/** RtcTokenBuilder.buildTokenWithRtm: RTM login lasts `tokenExpireSeconds`, as in every reference. */
export const buildRtcTokenWithRtm = (o: RtcAccountOptions) =>
  rtcToken(o, o.account, { type: 2, privileges: [[1, o.tokenExpireSeconds]], userId: o.account });

/** RtcTokenBuilder.buildTokenWithRtm2 and, with an empty service of their own, ConvoAI and STT. */
function rtm2Token(o: RtcRtm2Options, ...extra: Service[]): string {
  const privileges = rtcPrivileges(o.rtcRole, o.privilegeExpireSeconds);
  return build(o, o.rtcTokenExpireSeconds, [
    { type: 1, privileges, channelName: o.channelName, uid: o.rtcAccount },
    { type: 2, privileges: [[1, o.rtmTokenExpireSeconds]], userId: o.rtmUserId },
    ...extra,
  ]);
}

export const buildRtcTokenWithRtm2 = (o: RtcRtm2Options) => rtm2Token(o);
export const buildConvoAiToken = (o: RtcRtm2Options) => rtm2Token(o, { type: 9, privileges: [] });
export const buildSttToken = (o: RtcRtm2Options) => rtm2Token(o, { type: 10, privileges: [] });

/** RtmTokenBuilder.buildToken: RTM login for one user id. */
export const buildRtmToken = (o: RtmOptions) =>
  build(o, o.expireSeconds, [{ type: 2, privileges: [[1, o.expireSeconds]], userId: o.userId }]);

/** RtmTokenBuilder.buildTokenWithPermissions: RTM2 login with resource permissions. */
export const buildRtmTokenWithPermissions = (
  o: RtmOptions & { permissions: readonly Rtm2Permission[] },
) =>
  build(o, o.expireSeconds, [
    { type: 8, privileges: [[1, o.expireSeconds]], userId: o.userId, permissions: o.permissions },
  ]);

/** ChatTokenBuilder.buildUserToken (privilege 1) and buildAppToken (2, user id ""). */
const chat = (o: BuilderBase & { expireSeconds: number }, privilege: number, userId: string) =>
  build(o, o.expireSeconds, [{ type: 5, privileges: [[privilege, o.expireSeconds]], userId }]);
export const buildChatUserToken = (o: BuilderBase & { userId: string; expireSeconds: number }) =>
  chat(o, 1, o.userId);
export const buildChatAppToken = (o: BuilderBase & { expireSeconds: number }) => chat(o, 2, '');

/** FpaTokenBuilder.buildToken: always one day, login privilege 0, as every reference. */
export const buildFpaToken = (o: BuilderBase) =>
  build(o, 86_400, [{ type: 4, privileges: [[1, 0]] }]);

/** APaaS privileges: roomUser 1, user 2, app 3. Without a room role, role is -1. */
const apaas = (
  expire: number,
  privilege: number,
  roomUuid: string,
  userUuid: string,
  role: number,
) => ({ type: 7, privileges: [[privilege, expire]], roomUuid, userUuid, role }) as const;

/**
 * ApaasTokenBuilder.buildRoomUserToken: APaaS room user + RTM login + Chat user (md5 of the user
 * uuid). roomUser(1)=expire as 12 of the 14 references; nodejs and deno add no APaaS privilege.
 */
export function buildApaasRoomUserToken(
  o: BuilderBase & { roomUuid: string; userUuid: string; role: number; expireSeconds: number },
): string {
  const { roomUuid, userUuid, role, expireSeconds: expire } = o;
  return build(o, expire, [
    apaas(expire, 1, roomUuid, userUuid, role),
    { type: 2, privileges: [[1, expire]], userId: userUuid },
    { type: 5, privileges: [[1, expire]], userId: md5Hex(userUuid) },
  ]);
}

export const buildApaasUserToken = (o: BuilderBase & { userUuid: string; expireSeconds: number }) =>
  build(o, o.expireSeconds, [apaas(o.expireSeconds, 2, '', o.userUuid, -1)]);
export const buildApaasAppToken = (o: BuilderBase & { expireSeconds: number }) =>
  build(o, o.expireSeconds, [apaas(o.expireSeconds, 3, '', '', -1)]);

/** EducationTokenBuilder is identical to ApaasTokenBuilder in every language. */
export const buildEducationRoomUserToken = buildApaasRoomUserToken;
export const buildEducationUserToken = buildApaasUserToken;
export const buildEducationAppToken = buildApaasAppToken;
