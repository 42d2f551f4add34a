import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AppSession } from './app-session';

/** The caller's `AppSession`, as the global JWT guard established it. */
export const CurrentSession = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AppSession => {
    const { user } = context.switchToHttp().getRequest<{ user?: AppSession }>();
    if (!user) {
      // A programming error (a @Public() route asking for a session), not a client error.
      throw new Error('@CurrentSession() used on a route the JWT guard did not authenticate');
    }
    return user;
  },
);
