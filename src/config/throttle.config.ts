import { configNamespace } from './config-namespace';
import { type EnvReader, integer, urlWith } from './env.validation';

/** One rate-limit tier: at most `limit` requests per `ttlSeconds` window. */
export interface ThrottleTier {
  readonly limit: number;
  readonly ttlSeconds: number;
}

export interface ThrottleConfig {
  /** `THROTTLE_IP_LIMIT` / `THROTTLE_IP_TTL_SECONDS`: pre-auth, per client IP. Default 120 per 60 s. */
  readonly ip: ThrottleTier;
  /** `THROTTLE_USER_LIMIT` / `THROTTLE_USER_TTL_SECONDS`: post-auth, per `iss`+`sub`. Default 60 per 60 s. */
  readonly user: ThrottleTier;
  /** `TRUSTED_PROXY_HOPS`: how many `X-Forwarded-For` entries (from the right) to trust. Default 0. */
  readonly trustedProxyHops: number;
  /** `REDIS_URL` (or `REDIS_URL_FILE`): shared limiter storage (redis:// or rediss://); undefined
   * means in memory. Secret: it may carry a password. */
  readonly redisUrl: string | undefined;
}

export const throttleConfig = configNamespace('throttle', (env): ThrottleConfig => ({
  ip: tier(env, 'IP', 120),
  user: tier(env, 'USER', 60),
  trustedProxyHops: env.get('TRUSTED_PROXY_HOPS', integer(0, 32)) ?? 0,
  redisUrl: env.secret('REDIS_URL', urlWith(['redis:', 'rediss:'])),
}));

function tier(env: EnvReader, name: 'IP' | 'USER', limit: number): ThrottleTier {
  return {
    limit: env.get(`THROTTLE_${name}_LIMIT`, integer(1, 1_000_000)) ?? limit,
    ttlSeconds: env.get(`THROTTLE_${name}_TTL_SECONDS`, integer(1, 86_400)) ?? 60,
  };
}
