import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/**
 * The id of the current request, for audit events: the caller's sane `x-request-id` or a
 * generated UUID (src/logging/request-id.ts, Fastify's `genReqId`). The same id is echoed in the
 * `x-request-id` response header and bound to every request log line.
 */
export const RequestId = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined => {
    const { id } = context.switchToHttp().getRequest<{ id?: unknown }>();
    return typeof id === 'string' ? id : undefined;
  },
);
