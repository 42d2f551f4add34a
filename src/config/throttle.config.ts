import { configNamespace, intOr } from './config-namespace';

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
  /** `REDIS_URL`: shared limiter storage (redis:// or rediss://); undefined means in memory. */
  readonly redisUrl: string | undefined;
}

export const throttleConfig = configNamespace('throttle', ({ vars }): ThrottleConfig => ({
  ip: {
    limit: intOr(vars.THROTTLE_IP_LIMIT, 120),
    ttlSeconds: intOr(vars.THROTTLE_IP_TTL_SECONDS, 60),
  },
  user: {
    limit: intOr(vars.THROTTLE_USER_LIMIT, 60),
    ttlSeconds: intOr(vars.THROTTLE_USER_TTL_SECONDS, 60),
  },
  trustedProxyHops: intOr(vars.TRUSTED_PROXY_HOPS, 0),
  redisUrl: vars.REDIS_URL,
}));
