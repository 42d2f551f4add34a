import type { TokenRequest } from '../policy/token-request';
import { mapValues } from './iso-time';

/**
 * The request cut to `secondsLeft` (at least 1 s): the token and each privilege expire no later.
 * Used with the seconds left on the caller's JWT (`TOKEN_EXPIRY_BOUND_BY_JWT`), so a token never
 * outlives the credential that obtained it: a JWT that expires in 60 s cannot get an hour-long
 * token, and a grant removed at the identity provider stops being renewable when the JWT ends.
 * The policy has judged the request as asked (an over-long lifetime is still `TTL_TOO_LONG`).
 */
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
