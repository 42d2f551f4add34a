import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { defaultErrorCode, errorBody } from '../common/api-error';
import type { SecurityHeaders } from '../common/security-headers';
import { REQUEST_ID_HEADER } from '../logging/request-id';

/**
 * Fastify's `frameworkErrors`: requests its router refuses before any route or hook runs (a
 * percent escape that is not UTF-8, a path parameter over the length limit). Fastify's default
 * answers with its own body (`code: FST_ERR_BAD_URL`) and none of our headers; this one sends the
 * error envelope, the security headers and the request id, like every other response.
 */
export function frameworkErrorHandler(
  securityHeaders: SecurityHeaders,
): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void {
  return (error, request, reply) => {
    const status =
      error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 400;
    void reply
      .code(status)
      .headers(securityHeaders)
      .header(REQUEST_ID_HEADER, request.id)
      .send(errorBody(status, defaultErrorCode(status), 'malformed URL'));
  };
}
