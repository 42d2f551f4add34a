import type { TokenRequest } from '../policy/token-request';
import { mapValues } from './iso-time';

/** The request cut to `secondsLeft` (at least 1 s) of the JWT: no token outlives its credential. */
export function boundExpiry(request: TokenRequest, secondsLeft: number): TokenRequest {
  const max = Math.max(1, secondsLeft);
  if (request.ttl <= max) {
    return request;
  }
  return {
    ...request,
    ttl: max,
    services: request.services.map((spec) =>
      spec.privileges === undefined
        ? spec
        : { ...spec, privileges: mapValues(spec.privileges, (seconds) => Math.min(seconds, max)) },
    ),
  };
}
