import { types } from 'node:util';

/**
 * Whether `error` is Node's report that the client closed the connection before its request
 * body had arrived (`Error: aborted`, code ECONNRESET, which Fastify's body reader passes on as a
 * 400). The client is gone and nothing was wrong on our side: not an error to log as ours.
 * (`isNativeError`, not `instanceof`: the error comes from Node's own realm.)
 */
export function isClientAbort(error: unknown): boolean {
  return (
    types.isNativeError(error) &&
    error.message === 'aborted' &&
    (error as NodeJS.ErrnoException).code === 'ECONNRESET'
  );
}
