import { buildAccessToken2 } from './access-token2';
import { baseOf, type BuilderBase } from './builder-options';
import { ChatPrivilege } from './services';

/** ChatTokenBuilder.buildUserToken: Chat user privilege for one user id. */
export function buildChatUserToken(
  options: BuilderBase & { userId: string; expireSeconds: number },
): string {
  return buildAccessToken2({
    ...baseOf(options),
    expire: options.expireSeconds,
    services: [
      {
        type: 5,
        privileges: [[ChatPrivilege.User, options.expireSeconds]],
        userId: options.userId,
      },
    ],
  });
}

/** ChatTokenBuilder.buildAppToken: Chat app privilege (user id ""), for the app's own server. */
export function buildChatAppToken(options: BuilderBase & { expireSeconds: number }): string {
  return buildAccessToken2({
    ...baseOf(options),
    expire: options.expireSeconds,
    services: [{ type: 5, privileges: [[ChatPrivilege.App, options.expireSeconds]], userId: '' }],
  });
}
