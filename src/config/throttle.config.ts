import type { ConfigType } from '@nestjs/config';
import { configNamespace, integer, urlWith } from './env.validation';

export const throttleConfig = configNamespace('throttle', (env) => {
  const tier = (name: 'IP' | 'USER', limit: number) => ({
    limit: env.get(`THROTTLE_${name}_LIMIT`, integer(1, 1_000_000)) ?? limit,
    ttlSeconds: env.get(`THROTTLE_${name}_TTL_SECONDS`, integer(1, 86_400)) ?? 60,
  });
  return {
    ip: tier('IP', 120),
    user: tier('USER', 60),
    /** How many `X-Forwarded-For` entries (from the right) to trust. */
    trustedProxyHops: env.get('TRUSTED_PROXY_HOPS', integer(0, 32)) ?? 0,
    /** Undefined: in memory. Secret: it may carry a password. */
    redisUrl: env.secret('REDIS_URL', urlWith(['redis:', 'rediss:'])),
  };
});

export type ThrottleConfig = ConfigType<typeof throttleConfig>;
/** At most `limit` requests per `ttlSeconds` window. */
export type ThrottleTier = ThrottleConfig['ip'];
