import { buildAccessToken2 } from './access-token2';
import { baseOf, type BuilderBase } from './builder-options';
import { md5Hex } from './hash';
import { ApaasPrivilege } from './services';

/** The APaaS role field's value when a token is not bound to a room role. */
const NO_ROLE = -1;

/**
 * ApaasTokenBuilder.buildRoomUserToken: APaaS room user + RTM login + Chat user (md5 of the user
 * uuid). We add roomUser(1)=expire like 12 of the 14 references; nodejs and deno add no APaaS
 * privilege.
 */
export function buildApaasRoomUserToken(
  options: BuilderBase & {
    roomUuid: string;
    userUuid: string;
    role: number;
    expireSeconds: number;
  },
): string {
  const expire = options.expireSeconds;
  return buildAccessToken2({
    ...baseOf(options),
    expire,
    services: [
      {
        type: 7,
        privileges: [[ApaasPrivilege.RoomUser, expire]],
        roomUuid: options.roomUuid,
        userUuid: options.userUuid,
        role: options.role,
      },
      { type: 2, privileges: [[1, expire]], userId: options.userUuid },
      { type: 5, privileges: [[1, expire]], userId: md5Hex(options.userUuid) },
    ],
  });
}

/** ApaasTokenBuilder.buildUserToken: APaaS user privilege, no room, role -1. */
export function buildApaasUserToken(
  options: BuilderBase & { userUuid: string; expireSeconds: number },
): string {
  return buildAccessToken2({
    ...baseOf(options),
    expire: options.expireSeconds,
    services: [
      {
        type: 7,
        privileges: [[ApaasPrivilege.User, options.expireSeconds]],
        roomUuid: '',
        userUuid: options.userUuid,
        role: NO_ROLE,
      },
    ],
  });
}

/** ApaasTokenBuilder.buildAppToken: APaaS app privilege, no room or user, role -1. */
export function buildApaasAppToken(options: BuilderBase & { expireSeconds: number }): string {
  return buildAccessToken2({
    ...baseOf(options),
    expire: options.expireSeconds,
    services: [
      {
        type: 7,
        privileges: [[ApaasPrivilege.App, options.expireSeconds]],
        roomUuid: '',
        userUuid: '',
        role: NO_ROLE,
      },
    ],
  });
}

/** EducationTokenBuilder is identical to ApaasTokenBuilder in every language. */
export const buildEducationRoomUserToken = buildApaasRoomUserToken;
export const buildEducationUserToken = buildApaasUserToken;
export const buildEducationAppToken = buildApaasAppToken;
