import { configNamespace, integer, urlWith } from './env.validation';

/** At most `limit` requests per `ttlSeconds` window. */
export interface ThrottleTier {
  readonly limit: number;
  readonly ttlSeconds: number;
}

export interface ThrottleConfig {
  /** Pre-auth, per client IP. */
  readonly ip: ThrottleTier;
  /** Post-auth, per `iss`+`sub`. */
  readonly user: ThrottleTier;
  /** How many `X-Forwarded-For` entries (from the right) to trust. */
  readonly trustedProxyHops: number;
  /** Shared limiter storage; undefined means in memory. Secret: it may carry a password. */
  readonly redisUrl: string | undefined;
}

export const throttleConfig = configNamespace('throttle', (env): ThrottleConfig => {
  const tier = (name: 'IP' | 'USER', limit: number): ThrottleTier => ({
    limit: env.get(`THROTTLE_${name}_LIMIT`, integer(1, 1_000_000)) ?? limit,
    ttlSeconds: env.get(`THROTTLE_${name}_TTL_SECONDS`, integer(1, 86_400)) ?? 60,
  });
  return {
    ip: tier('IP', 120),
    user: tier('USER', 60),
    trustedProxyHops: env.get('TRUSTED_PROXY_HOPS', integer(0, 32)) ?? 0,
    redisUrl: env.secret('REDIS_URL', urlWith(['redis:', 'rediss:'])),
  };
});
