import type { ConfigType } from '@nestjs/config';
import {
  boolean,
  configNamespace,
  host,
  integer,
  listOf,
  oneOf,
  type RawEnv,
} from './env.validation';

const NODE_ENVS = ['development', 'production', 'test'] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `NODE_ENV` unset or `development`; known before validation, which needs `.env` first. */
export function isDevelopment(env: RawEnv): boolean {
  return (env.NODE_ENV || 'development') === 'development';
}

export const port = integer(0, 65535);
export const DEFAULT_PORT = 3000;

const ORIGIN = listOf((value) => {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  return /^https?:$/.test(url?.protocol ?? '') && url?.origin === value;
}, 'must be an exact origin such as https://app.example.com (no path, no "*")');

export const appConfig = configNamespace('app', (env) => {
  const nodeEnv = env.get('NODE_ENV', oneOf(NODE_ENVS)) ?? 'development';
  const production = nodeEnv === 'production';
  const timeout = (name: string) => env.get(name, integer(1000, 600_000));
  const requestMs = timeout('HTTP_REQUEST_TIMEOUT_MS') ?? 30_000;
  const headersMs = timeout('HTTP_HEADERS_TIMEOUT_MS');
  // A longer headers timeout could never apply: the headers are part of the request.
  if (headersMs !== undefined && headersMs > requestMs && env.valid('HTTP_REQUEST_TIMEOUT_MS')) {
    env.issue('HTTP_HEADERS_TIMEOUT_MS', 'must not exceed HTTP_REQUEST_TIMEOUT_MS');
  }
  return {
    nodeEnv,
    production,
    port: env.get('PORT', port) ?? DEFAULT_PORT,
    host: env.get('HOST', host) ?? '0.0.0.0',
    swaggerEnabled: (env.get('SWAGGER_ENABLED', boolean) ?? String(!production)) === 'true',
    corsOrigins: env.get('CORS_ORIGINS', ORIGIN) ?? [],
    logLevel: env.get('LOG_LEVEL', oneOf(LOG_LEVELS)) ?? 'info',
    httpTimeouts: {
      requestMs,
      headersMs: headersMs ?? Math.min(10_000, requestMs),
      // Fastify's default: above the 60 s idle timeout of common load balancers, so the balancer
      // closes an idle connection first and never reuses one we are closing (a 502 race).
      keepAliveMs: timeout('HTTP_KEEP_ALIVE_TIMEOUT_MS') ?? 72_000,
    },
    /** Between SIGTERM/SIGINT and exit (src/lifecycle). */
    shutdown: {
      // Serving on with readiness at 503 so load balancers stop routing first; Ctrl-C never waits.
      drainDelayMs:
        env.get('SHUTDOWN_DRAIN_DELAY_MS', integer(0, 300_000)) ?? (production ? 5000 : 0),
      timeoutMs: env.get('SHUTDOWN_TIMEOUT_MS', integer(1000, 600_000)) ?? 10_000,
    },
  };
});

export type AppConfig = ConfigType<typeof appConfig>;
export type HttpTimeouts = AppConfig['httpTimeouts'];
