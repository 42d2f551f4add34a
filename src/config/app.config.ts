import { configNamespace } from './config-namespace';
import { type EnvReader, host, integer, listOf, oneOf, type RawEnv } from './env.validation';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/** pino's levels. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Development is `NODE_ENV` unset or `development`: it reads `.env`, logs for humans and generates
 * credentials. Known before validation, which needs `.env` first.
 */
export function isDevelopment(env: RawEnv): boolean {
  return (env.NODE_ENV || 'development') === 'development';
}

/** Node HTTP server timeouts, in milliseconds. */
export interface HttpTimeouts {
  /** `HTTP_REQUEST_TIMEOUT_MS`: whole request, and silence mid-request. Default 30 000. */
  readonly requestMs: number;
  /** `HTTP_HEADERS_TIMEOUT_MS` (slowloris): default 10 000, or the request timeout if shorter. */
  readonly headersMs: number;
  /** `HTTP_KEEP_ALIVE_TIMEOUT_MS`: an idle keep-alive connection is closed after it. */
  readonly keepAliveMs: number;
}

export const HTTP_TIMEOUT_DEFAULTS: HttpTimeouts = {
  requestMs: 30_000,
  headersMs: 10_000,
  // Fastify's own default: above the 60 s idle timeout of common load balancers (AWS ALB, nginx
  // upstream keepalive), so the balancer closes an idle connection first and never reuses one we
  // are closing (a 502 race).
  keepAliveMs: 72_000,
};

/** What happens between SIGTERM/SIGINT and exit (src/lifecycle). */
export interface ShutdownConfig {
  /**
   * `SHUTDOWN_DRAIN_DELAY_MS`: serving on with readiness at 503, so load balancers stop routing
   * first. Default 5000 in production; 0 elsewhere, where Ctrl-C should not wait.
   */
  readonly drainDelayMs: number;
  /** `SHUTDOWN_TIMEOUT_MS`: bound on in-flight requests once accepting stops (then exit 1). */
  readonly timeoutMs: number;
}

/** `PORT` when unset. */
export const DEFAULT_PORT = 3000;

export interface AppConfig {
  /** `NODE_ENV`, default `development`; `production` refuses generated credentials. */
  readonly nodeEnv: NodeEnv;
  readonly production: boolean;
  /** `PORT`: listen port, default 3000 (0 picks a free port). */
  readonly port: number;
  /** `HOST`: listen address, default `0.0.0.0`. */
  readonly host: string;
  /** `SWAGGER_ENABLED`: serve `/docs` and `/docs-json`; default true except in production. */
  readonly swaggerEnabled: boolean;
  /** `CORS_ORIGINS`: exact browser origins allowed to call the API; empty disables CORS. */
  readonly corsOrigins: readonly string[];
  /** `LOG_LEVEL`: pino level, default `info`. */
  readonly logLevel: LogLevel;
  readonly httpTimeouts: HttpTimeouts;
  readonly shutdown: ShutdownConfig;
}

export const appConfig = configNamespace('app', (env): AppConfig => {
  const nodeEnv = env.get('NODE_ENV', oneOf(NODE_ENVS)) ?? 'development';
  const production = nodeEnv === 'production';
  const swagger = env.get('SWAGGER_ENABLED', oneOf(['true', 'false']));
  return {
    nodeEnv,
    production,
    port: env.get('PORT', integer(0, 65535)) ?? DEFAULT_PORT,
    host: env.get('HOST', host) ?? '0.0.0.0',
    swaggerEnabled: swagger === undefined ? !production : swagger === 'true',
    corsOrigins:
      env.get(
        'CORS_ORIGINS',
        listOf(
          isOrigin,
          'must be an exact origin such as https://app.example.com (no path, no "*")',
        ),
      ) ?? [],
    logLevel: env.get('LOG_LEVEL', oneOf(LOG_LEVELS)) ?? 'info',
    httpTimeouts: httpTimeouts(env),
    shutdown: {
      drainDelayMs:
        env.get('SHUTDOWN_DRAIN_DELAY_MS', integer(0, 300_000)) ?? (production ? 5000 : 0),
      timeoutMs: env.get('SHUTDOWN_TIMEOUT_MS', integer(1000, 600_000)) ?? 10_000,
    },
  };
});

function httpTimeouts(env: EnvReader): HttpTimeouts {
  const timeout = (name: string) => env.get(name, integer(1000, 600_000));
  const requestMs = timeout('HTTP_REQUEST_TIMEOUT_MS') ?? HTTP_TIMEOUT_DEFAULTS.requestMs;
  const headersMs = timeout('HTTP_HEADERS_TIMEOUT_MS');
  const keepAliveMs = timeout('HTTP_KEEP_ALIVE_TIMEOUT_MS') ?? HTTP_TIMEOUT_DEFAULTS.keepAliveMs;
  // The headers are part of the request: a longer headers timeout could never apply (unset, it
  // defaults to at most the request timeout).
  if (headersMs !== undefined && headersMs > requestMs && env.valid('HTTP_REQUEST_TIMEOUT_MS')) {
    env.issue('HTTP_HEADERS_TIMEOUT_MS', 'must not exceed HTTP_REQUEST_TIMEOUT_MS');
  }
  return {
    requestMs,
    headersMs: headersMs ?? Math.min(HTTP_TIMEOUT_DEFAULTS.headersMs, requestMs),
    keepAliveMs,
  };
}

/** An exact browser origin: `scheme://host[:port]`, no path, no trailing slash. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}
