import { buildAccessToken2 } from './access-token2';
import { baseOf, type BuilderBase } from './builder-options';
import type { Rtm2Permission } from './services';

export interface RtmOptions extends BuilderBase {
  userId: string;
  /** Token lifetime and login privilege in seconds. */
  expireSeconds: number;
}

/** RtmTokenBuilder.buildToken: RTM login for one user id. */
export function buildRtmToken(options: RtmOptions): string {
  return buildAccessToken2({
    ...baseOf(options),
    expire: options.expireSeconds,
    services: [{ type: 2, privileges: [[1, options.expireSeconds]], userId: options.userId }],
  });
}

/** RtmTokenBuilder.buildTokenWithPermissions: RTM2 login with resource permissions. */
export function buildRtmTokenWithPermissions(
  options: RtmOptions & { permissions: readonly Rtm2Permission[] },
): string {
  return buildAccessToken2({
    ...baseOf(options),
    expire: options.expireSeconds,
    services: [
      {
        type: 8,
        privileges: [[1, options.expireSeconds]],
        userId: options.userId,
        permissions: options.permissions,
      },
    ],
  });
}
