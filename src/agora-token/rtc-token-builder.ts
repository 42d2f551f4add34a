import { buildAccessToken2 } from './access-token2';
import { baseOf, type BuilderBase } from './builder-options';
import { TokenError } from './errors';
import { RtcPrivilege, type PrivilegeList, type RtcService, type RtmService } from './services';

/** RTC roles of Agora's 007 builders. */
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
  /** Token lifetime in seconds. */
  tokenExpireSeconds: number;
  /** Lifetime of every privilege in seconds after issue; Agora's default is 0. */
  privilegeExpireSeconds?: number;
}

export interface RtcUidOptions extends RtcRoleOptions {
  /** 0..2^32-1; 0 makes the "any user" token. */
  uid: number;
}

export interface RtcAccountOptions extends RtcRoleOptions {
  /** A user account (string user id). */
  account: string;
}

function assertRole(role: unknown): asserts role is RtcRole {
  if (role !== RtcRole.Publisher && role !== RtcRole.Subscriber) {
    // Agora's builders treat any other value as a subscriber; we refuse to guess.
    throw new TokenError('ERR_VALUE_INVALID', 'role must be 1 (publisher) or 2 (subscriber)');
  }
}

/** RTC privileges for a role: join always, the three publish privileges for publishers only. */
export function rtcRolePrivileges(
  role: RtcRole,
  expiry: RtcPrivilegeExpiry,
): Array<[number, number]> {
  assertRole(role);
  const privileges: Array<[number, number]> = [[RtcPrivilege.JoinChannel, expiry.joinChannel]];
  if (role === RtcRole.Publisher) {
    privileges.push(
      [RtcPrivilege.PublishAudioStream, expiry.publishAudioStream],
      [RtcPrivilege.PublishVideoStream, expiry.publishVideoStream],
      [RtcPrivilege.PublishDataStream, expiry.publishDataStream],
    );
  }
  return privileges;
}

function sameExpiry(seconds: number): RtcPrivilegeExpiry {
  return {
    joinChannel: seconds,
    publishAudioStream: seconds,
    publishVideoStream: seconds,
    publishDataStream: seconds,
  };
}

function rtcService(
  channelName: string,
  uid: number | string,
  privileges: PrivilegeList,
): RtcService {
  return { type: 1, privileges, channelName, uid };
}

/** RtcTokenBuilder.buildTokenWithUid: RTC with join (+ publish for publishers). */
export function buildRtcTokenWithUid(options: RtcUidOptions): string {
  return buildRtcRoleToken(options, options.uid);
}

/** RtcTokenBuilder.buildTokenWithUserAccount: as buildRtcTokenWithUid with a string account. */
export function buildRtcTokenWithUserAccount(options: RtcAccountOptions): string {
  return buildRtcRoleToken(options, options.account);
}

function buildRtcRoleToken(options: RtcRoleOptions, user: number | string): string {
  const privileges = rtcRolePrivileges(
    options.role,
    sameExpiry(options.privilegeExpireSeconds ?? 0),
  );
  return buildAccessToken2({
    ...baseOf(options),
    expire: options.tokenExpireSeconds,
    services: [rtcService(options.channelName, user, privileges)],
  });
}

interface RtcPrivilegeOptions extends BuilderBase {
  channelName: string;
  tokenExpireSeconds: number;
  /** Each privilege's lifetime; all four are always written (no role). */
  privilegeExpireSeconds: RtcPrivilegeExpiry;
}

/** RtcTokenBuilder.buildTokenWithUidAndPrivilege: all four privileges with their own expiry. */
export function buildRtcTokenWithUidAndPrivilege(
  options: RtcPrivilegeOptions & { uid: number },
): string {
  return buildRtcPrivilegeToken(options, options.uid);
}

/** RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege. */
export function buildRtcTokenWithUserAccountAndPrivilege(
  options: RtcPrivilegeOptions & { account: string },
): string {
  return buildRtcPrivilegeToken(options, options.account);
}

function buildRtcPrivilegeToken(options: RtcPrivilegeOptions, user: number | string): string {
  const e = options.privilegeExpireSeconds;
  const privileges: PrivilegeList = [
    [RtcPrivilege.JoinChannel, e.joinChannel],
    [RtcPrivilege.PublishAudioStream, e.publishAudioStream],
    [RtcPrivilege.PublishVideoStream, e.publishVideoStream],
    [RtcPrivilege.PublishDataStream, e.publishDataStream],
  ];
  return buildAccessToken2({
    ...baseOf(options),
    expire: options.tokenExpireSeconds,
    services: [rtcService(options.channelName, user, privileges)],
  });
}

/**
 * RtcTokenBuilder.buildTokenWithRtm: RTC for the account plus RTM login for the same account.
 * As in every reference, RTM login lasts `tokenExpireSeconds`, not the privilege expiry.
 */
export function buildRtcTokenWithRtm(options: RtcAccountOptions): string {
  const privileges = rtcRolePrivileges(
    options.role,
    sameExpiry(options.privilegeExpireSeconds ?? 0),
  );
  const rtm: RtmService = {
    type: 2,
    privileges: [[1, options.tokenExpireSeconds]],
    userId: options.account,
  };
  return buildAccessToken2({
    ...baseOf(options),
    expire: options.tokenExpireSeconds,
    services: [rtcService(options.channelName, options.account, privileges), rtm],
  });
}

export interface RtcRtm2Options extends BuilderBase {
  channelName: string;
  /** The RTC uid (number) or account (string). */
  rtcAccount: number | string;
  rtcRole: RtcRole;
  rtcTokenExpireSeconds: number;
  /** Per-privilege lifetimes; the publish ones apply to publishers only. */
  privilegeExpireSeconds: RtcPrivilegeExpiry;
  rtmUserId: string;
  rtmTokenExpireSeconds: number;
}

/** The RTC + RTM services of buildTokenWithRtm2 (also the base of the ConvoAI and STT builders). */
export function rtcRtm2Services(options: RtcRtm2Options): [RtcService, RtmService] {
  const privileges = rtcRolePrivileges(options.rtcRole, options.privilegeExpireSeconds);
  return [
    rtcService(options.channelName, options.rtcAccount, privileges),
    { type: 2, privileges: [[1, options.rtmTokenExpireSeconds]], userId: options.rtmUserId },
  ];
}

/** RtcTokenBuilder.buildTokenWithRtm2: RTC for one identity plus RTM login for an RTM user id. */
export function buildRtcTokenWithRtm2(options: RtcRtm2Options): string {
  return buildAccessToken2({
    ...baseOf(options),
    expire: options.rtcTokenExpireSeconds,
    services: rtcRtm2Services(options),
  });
}
