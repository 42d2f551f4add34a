import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { type SecurityHeaders, securityHeaders } from './common/security-headers';
import { type AppConfig, appConfig, type HttpTimeouts, isDevelopment } from './config/app.config';
import type { RawEnv } from './config/env.validation';
import { clientErrorHandler } from './http/client-error-handler';
import { frameworkErrorHandler } from './http/framework-error-handler';
import { registerJsonBodyParser } from './http/json-body-parser';
import { serveOnlySwaggerUiAssets } from './http/swagger-ui-assets';
import { closeConnectionsWhileDraining } from './lifecycle/graceful-shutdown';
import { echoRequestId, fastifyLoggingOptions } from './logging/fastify-logging';
import { NestPinoLogger } from './logging/nest-pino-logger';
import { createRootLogger, silentLogger } from './logging/root-logger';
import { registerMetricsHooks } from './metrics/metrics.fastify-hook';
import { setupSwagger } from './openapi';

/** Largest request body accepted; larger is a 413 `PAYLOAD_TOO_LARGE`. */
export const BODY_LIMIT_BYTES = 16 * 1024;

export interface CreateAppOptions {
  /** The environment to validate and run with: `process.env` in main, a fixed map in tests. */
  readonly env: RawEnv;
  /**
   * Where the JSON log lines go (one pino logger for Fastify, Nest and the audit): stdout by
   * default, a stream in tests; `false` logs nothing (the OpenAPI script).
   */
  readonly logger?: false | DestinationStream;
}

/**
 * Builds the application exactly as production runs it, without listening: main.ts, the OpenAPI
 * script and the e2e tests all boot through here. Throws `ConfigValidationError` on bad config.
 */
export async function createApp(options: CreateAppOptions): Promise<NestFastifyApplication> {
  const logging = options.logger !== false;
  const pretty = options.logger === undefined && isDevelopment(options.env);
  const root = logging ? createRootLogger(options.logger || undefined, { pretty }) : silentLogger();
  const module = await AppModule.forRoot(options.env, root);
  const apiHeaders = securityHeaders();
  const adapter = new FastifyAdapter({
    ...fastifyLoggingOptions(logging ? root : undefined),
    // Requests Node refuses before routing (431, 408, 400) get our envelope and headers too.
    clientErrorHandler: clientErrorHandler(apiHeaders, logging ? root : undefined),
    frameworkErrors: frameworkErrorHandler(apiHeaders),
    bodyLimit: BODY_LIMIT_BYTES,
    // The peer address is the client; X-Forwarded-For is trusted only per TRUSTED_PROXY_HOPS.
    trustProxy: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Requests already on the wire when the server stops accepting (shutdown) are served rather
    // than refused with a 503: draining has moved new traffic elsewhere by then.
    return503OnClosing: false,
    // Node checks the request and headers timeouts on this tick (default 30 s, which would let a
    // slow client hold a socket up to 30 s past HTTP_HEADERS_TIMEOUT_MS).
    http: { connectionsCheckingInterval: 1000 },
  });
  // Nest's own lines wait in a buffer until LOG_LEVEL is known, then go to the same pino logger.
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    abortOnError: false,
    bodyParser: false,
    ...(logging ? { bufferLogs: true } : { logger: false }),
  });
  const config = app.get<AppConfig>(appConfig.KEY);
  if (logging) {
    root.level = config.logLevel;
    app.useLogger(new NestPinoLogger(root));
    app.flushLogs();
  }
  applyHttpTimeouts(app.getHttpServer(), config.httpTimeouts);
  echoRequestId(app.getHttpAdapter().getInstance());
  registerSecurityHeaders(app, apiHeaders);
  closeConnectionsWhileDraining(app);
  registerMetricsHooks(app);
  registerJsonBodyParser(app.getHttpAdapter().getInstance(), BODY_LIMIT_BYTES);
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...config.corsOrigins],
      methods: ['GET', 'POST'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
      // Browser clients can read the request id, to quote it when reporting a problem, and
      // their rate-limit budget (src/throttle/tier-throttler.guard.ts), to back off in time.
      exposedHeaders: [
        'X-Request-Id',
        'X-RateLimit-Limit',
        'X-RateLimit-Remaining',
        'X-RateLimit-Reset',
        'Retry-After',
      ],
      maxAge: 600,
    });
  }
  // No enableShutdownHooks(): it closes at once and re-raises the signal; main.ts drains instead
  // (src/lifecycle/graceful-shutdown.ts).
  if (config.swaggerEnabled) {
    serveOnlySwaggerUiAssets(app.getHttpAdapter().getInstance(), SWAGGER_UI_PREFIX);
    setupSwagger(app);
  }
  return app;
}

/**
 * Timeouts against slow or stalled clients, set on the Node server (what Fastify's
 * `requestTimeout`, `keepAliveTimeout` and `connectionTimeout` options set) once the config is
 * known, which is after the adapter exists.
 */
function applyHttpTimeouts(server: Server, timeouts: HttpTimeouts): void {
  server.requestTimeout = timeouts.requestMs;
  server.headersTimeout = timeouts.headersMs;
  server.keepAliveTimeout = timeouts.keepAliveMs;
  // Socket inactivity while a request is open; idle keep-alive sockets follow keepAliveTimeout.
  server.setTimeout(timeouts.requestMs);
}

/** Where setupSwagger (openapi.ts) serves Swagger UI. */
const SWAGGER_UI_PREFIX = '/docs';

/**
 * Helmet's default headers on every response (Fastify sends no `X-Powered-By`), with one
 * relaxation on the Swagger UI pages: the default CSP's `upgrade-insecure-requests` makes the
 * browser load the UI's scripts (and send "Try it out" calls) over https, so /docs served over
 * plain http from anything but localhost (a LAN host, the compose proxy) renders a blank page.
 * Everything else in the policy, same-origin scripts only included, still applies there. Both
 * sets are computed once (see securityHeaders) and attached per route.
 */
function registerSecurityHeaders(app: NestFastifyApplication, api: SecurityHeaders): void {
  const docs = securityHeaders({
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      const route = request.routeOptions.url;
      const isDocs =
        route !== undefined &&
        (route === SWAGGER_UI_PREFIX || route.startsWith(`${SWAGGER_UI_PREFIX}/`));
      reply.headers(isDocs ? docs : api);
      done();
    });
}
