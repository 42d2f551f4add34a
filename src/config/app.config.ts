import { configNamespace, intOr } from './config-namespace';
import { splitList } from './env-validators';
import type { EnvironmentVariables, LogLevel, NodeEnv } from './env.validation';

/** Node HTTP server timeouts, in milliseconds. */
export interface HttpTimeouts {
  /**
   * `HTTP_REQUEST_TIMEOUT_MS`: a request must arrive whole within it, and a connection silent that
   * long mid-request (stalled client or handler) is closed. Default 30 000.
   */
  readonly requestMs: number;
  /**
   * `HTTP_HEADERS_TIMEOUT_MS`: the request headers must arrive within it (slowloris). Default
   * 10 000, or the request timeout if that is shorter.
   */
  readonly headersMs: number;
  /** `HTTP_KEEP_ALIVE_TIMEOUT_MS`: an idle keep-alive connection is closed after it. Default 72 000. */
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
   * `SHUTDOWN_DRAIN_DELAY_MS`: how long the process keeps serving with readiness at 503, so load
   * balancers stop routing to it before it stops accepting connections. Default 5000 in production;
   * 0 otherwise, where no balancer is watching and Ctrl-C should not wait.
   */
  readonly drainDelayMs: number;
  /**
   * `SHUTDOWN_TIMEOUT_MS`: once the server stops accepting, how long in-flight requests may take
   * before the remaining connections are cut and the process exits 1. Default 10 000.
   */
  readonly timeoutMs: number;
}

/** `PORT` when unset. */
export const DEFAULT_PORT = 3000;

export interface AppConfig {
  /** `NODE_ENV`: `production` refuses generated credentials and hides Swagger. Default `development`. */
  readonly nodeEnv: NodeEnv;
  /** `NODE_ENV === 'production'`. */
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

export const appConfig = configNamespace('app', ({ vars, nodeEnv }): AppConfig => ({
  nodeEnv: nodeEnv.name,
  production: nodeEnv.production,
  port: intOr(vars.PORT, DEFAULT_PORT),
  host: vars.HOST ?? '0.0.0.0',
  swaggerEnabled:
    vars.SWAGGER_ENABLED === undefined ? !nodeEnv.production : vars.SWAGGER_ENABLED === 'true',
  corsOrigins: vars.CORS_ORIGINS === undefined ? [] : splitList(vars.CORS_ORIGINS),
  logLevel: (vars.LOG_LEVEL ?? 'info') as LogLevel,
  httpTimeouts: httpTimeouts(vars),
  shutdown: {
    drainDelayMs: intOr(vars.SHUTDOWN_DRAIN_DELAY_MS, nodeEnv.production ? 5000 : 0),
    timeoutMs: intOr(vars.SHUTDOWN_TIMEOUT_MS, 10_000),
  },
}));

function httpTimeouts(vars: Readonly<EnvironmentVariables>): HttpTimeouts {
  const requestMs = intOr(vars.HTTP_REQUEST_TIMEOUT_MS, HTTP_TIMEOUT_DEFAULTS.requestMs);
  const defaultHeadersMs = Math.min(HTTP_TIMEOUT_DEFAULTS.headersMs, requestMs);
  return {
    requestMs,
    headersMs: intOr(vars.HTTP_HEADERS_TIMEOUT_MS, defaultHeadersMs),
    keepAliveMs: intOr(vars.HTTP_KEEP_ALIVE_TIMEOUT_MS, HTTP_TIMEOUT_DEFAULTS.keepAliveMs),
  };
}
