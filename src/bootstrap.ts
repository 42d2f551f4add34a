import type { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { ApiException } from './common/api-error';
import { type AppConfig, appConfig } from './config/app.config';
import type { LogLevel, RawEnv } from './config/env.validation';
import { setupSwagger } from './openapi';

/** Largest request body accepted (design §8); larger is a 413 `PAYLOAD_TOO_LARGE`. */
export const BODY_LIMIT_BYTES = 16 * 1024;

export interface CreateAppOptions {
  /** The environment to validate and run with: `process.env` in main, a fixed map in tests. */
  readonly env: RawEnv;
  /** Default: Nest's console logger at `LOG_LEVEL`. `false` silences it. */
  readonly logger?: false | LoggerService;
}

/**
 * Builds the application exactly as production runs it, without listening: main.ts, the OpenAPI
 * script and the e2e tests all boot through here. Throws `ConfigValidationError` on bad config.
 */
export async function createApp(options: CreateAppOptions): Promise<NestFastifyApplication> {
  const module = await AppModule.forRoot(options.env);
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // The peer address is the client; X-Forwarded-For is trusted only per TRUSTED_PROXY_HOPS.
    trustProxy: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    abortOnError: false,
    bodyParser: false,
    bufferLogs: options.logger === undefined,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  const config = app.get<AppConfig>(appConfig.KEY);
  if (options.logger === undefined) {
    app.useLogger(nestLogLevels(config.logLevel));
  }
  registerJsonParser(app);
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...config.corsOrigins],
      methods: ['GET', 'POST'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
      maxAge: 600,
    });
  }
  app.enableShutdownHooks();
  if (config.swaggerEnabled) {
    setupSwagger(app);
  }
  return app;
}

/**
 * JSON is the only body type (design §5): anything else is a 415. Fastify's own JSON parser does
 * the work (prototype poisoning refused); its errors become 400 `INVALID_JSON`.
 */
function registerJsonParser(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES },
    (request, body, done) => {
      // parseAs: 'string' guarantees a string body.
      void parseJson(request, body as string, (error: Error | null, value?: unknown) => {
        if (error) {
          done(new ApiException(400, 'INVALID_JSON', 'request body is not valid JSON'), undefined);
        } else {
          done(null, value);
        }
      });
    },
  );
}

/** Nest's levels for a pino level, until the JSON logger replaces the console logger. */
export function nestLogLevels(level: LogLevel): NestLogLevel[] {
  const order: Array<[LogLevel, NestLogLevel]> = [
    ['fatal', 'fatal'],
    ['error', 'error'],
    ['warn', 'warn'],
    ['info', 'log'],
    ['debug', 'debug'],
    ['trace', 'verbose'],
  ];
  const last = order.findIndex(([pino]) => pino === level);
  return last === -1 ? [] : order.slice(0, last + 1).map(([, nest]) => nest);
}
