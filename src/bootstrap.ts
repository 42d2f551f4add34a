import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import {
  API_HELMET_OPTIONS,
  type SecurityHeaders,
  securityHeaders,
} from './common/security-headers';
import { type AppConfig, appConfig, isDevelopment } from './config/app.config';
import type { RawEnv } from './config/env.validation';
import { clientErrorHandler, frameworkErrorHandler } from './http/client-error-handler';
import { registerJsonBodyParser } from './http/json-body-parser';
import { serveOnlySwaggerUiAssets } from './http/swagger-ui-assets';
import { closeConnectionsWhileDraining } from './lifecycle/graceful-shutdown';
import { echoRequestId, fastifyLoggingOptions } from './logging/fastify-logging';
import { NestPinoLogger } from './logging/nest-pino-logger';
import { createRootLogger, silentLogger } from './logging/root-logger';
import { registerMetricsHooks } from './metrics/metrics.module';
import { setupSwagger } from './openapi';

/** Largest request body accepted; larger is a 413 `PAYLOAD_TOO_LARGE`. */
const BODY_LIMIT_BYTES = 16 * 1024;

/** Where setupSwagger (openapi.ts) serves Swagger UI. */
const SWAGGER_UI_PREFIX = '/docs';

export interface CreateAppOptions {
  /** The environment to validate and run with: `process.env` in main, a fixed map in tests. */
  readonly env: RawEnv;
  /** Where the JSON log lines go: stdout by default, a stream in tests; `false`: nowhere. */
  readonly logger?: false | DestinationStream;
}

/** The app as production runs it, not listening: main.ts, openapi and e2e tests boot here. */
export async function createApp(options: CreateAppOptions): Promise<NestFastifyApplication> {
  const logging = options.logger !== false;
  const pretty = options.logger === undefined && isDevelopment(options.env);
  const root = logging ? createRootLogger(options.logger || undefined, { pretty }) : silentLogger();
  const module = await AppModule.forRoot(options.env, root);
  const apiHeaders = securityHeaders(API_HELMET_OPTIONS);
  const adapter = new FastifyAdapter({
    ...fastifyLoggingOptions(logging ? root : undefined),
    // Requests Node or the router refuse before routing get our envelope and headers too.
    clientErrorHandler: clientErrorHandler(apiHeaders, logging ? root : undefined),
    frameworkErrors: frameworkErrorHandler(apiHeaders),
    bodyLimit: BODY_LIMIT_BYTES,
    // The peer address is the client; X-Forwarded-For is trusted only per TRUSTED_PROXY_HOPS.
    trustProxy: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Requests on the wire at shutdown are served, not 503'd: draining moved new traffic already.
    return503OnClosing: false,
    // How often Node checks request timeouts (30 s default overshoots HTTP_HEADERS_TIMEOUT_MS).
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
  // Against slow or stalled clients, set once the config is known (after the adapter exists).
  const server = app.getHttpServer();
  const { requestMs, headersMs, keepAliveMs } = config.httpTimeouts;
  server.requestTimeout = requestMs;
  server.headersTimeout = headersMs;
  server.keepAliveTimeout = keepAliveMs;
  // Socket inactivity while a request is open; idle keep-alive sockets follow keepAliveTimeout.
  server.setTimeout(requestMs);
  const fastify = app.getHttpAdapter().getInstance();
  echoRequestId(fastify);
  registerSecurityHeaders(fastify, apiHeaders);
  closeConnectionsWhileDraining(app);
  registerMetricsHooks(app);
  registerJsonBodyParser(fastify, BODY_LIMIT_BYTES);
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...config.corsOrigins],
      methods: ['GET', 'POST'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
      // Browsers may read the request id (to quote in a report) and their rate-limit budget.
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
  // No enableShutdownHooks(): it closes at once and re-raises the signal; main.ts drains instead.
  if (config.swaggerEnabled) {
    serveOnlySwaggerUiAssets(fastify, SWAGGER_UI_PREFIX);
    setupSwagger(app);
  }
  return app;
}

/** The JSON API's set; /docs: helmet's defaults but upgrade-insecure-requests (blank over http). */
function registerSecurityHeaders(fastify: FastifyInstance, api: SecurityHeaders): void {
  const docs = securityHeaders({
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    const route = request.routeOptions.url;
    const isDocs =
      route !== undefined &&
      (route === SWAGGER_UI_PREFIX || route.startsWith(`${SWAGGER_UI_PREFIX}/`));
    reply.headers(isDocs ? docs : api);
    done();
  });
}
