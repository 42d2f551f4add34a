import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/**
 * Fastify's id of the current request, for audit events. The logging setup decides how it is made
 * (e.g. from `x-request-id`), so audit lines and request logs share it.
 */
export const RequestId = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined => {
    const { id } = context.switchToHttp().getRequest<{ id?: unknown }>();
    return typeof id === 'string' ? id : undefined;
  },
);
