import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AppSession } from '../auth/app-session';

/** Who asks, as the request says: the session the JWT guard set and the request's id. */
export interface Caller {
  readonly session: AppSession;
  /** The caller's sane `x-request-id` or a generated UUID (Fastify's `genReqId`). */
  readonly requestId?: string;
}

/** The `Caller` of an authenticated route, read from the Fastify request. */
export const CurrentCaller = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Caller => {
    const { user, id } = context.switchToHttp().getRequest<{ user?: AppSession; id?: unknown }>();
    if (!user) {
      // A programming error (a @Public() route asking for a caller), not a client error.
      throw new Error('@CurrentCaller() used on a route the JWT guard did not authenticate');
    }
    return { session: user, requestId: typeof id === 'string' ? id : undefined };
  },
);
