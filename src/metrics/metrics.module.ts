import { type DynamicModule, Global, Module, type ModuleMetadata } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type MetricsConfig, metricsConfig } from '../config/metrics.config';
import { MetricsServer } from './metrics-server';
import { MetricsService, RATE_LIMIT_FIGURES, type RateLimitFigures } from './metrics.service';

/** Global (tokens and auth record into it); the app supplies the limiter's figures (`forRoot`). */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(rateLimits: {
    imports: ModuleMetadata['imports'];
    inject: unknown[];
    useFactory: (...deps: never[]) => () => RateLimitFigures;
  }): DynamicModule {
    const { imports, inject, useFactory } = rateLimits;
    return {
      module: MetricsModule,
      imports,
      providers: [
        { provide: RATE_LIMIT_FIGURES, inject: inject as never[], useFactory },
        MetricsService,
        MetricsServer,
      ],
      exports: [MetricsService, MetricsServer],
    };
  }
}

/** Times answered requests by route (unless METRICS_PORT=off); serves metrics `onListen`. */
export function registerMetricsHooks(app: NestFastifyApplication): void {
  const metrics = app.get(MetricsService);
  const server = app.get(MetricsServer);
  const fastify = app.getHttpAdapter().getInstance();
  // A failure (a taken port) is logged by Fastify and reported by MetricsServer.listening().
  fastify.addHook('onListen', async () => {
    await server.start();
  });
  if (app.get<MetricsConfig>(metricsConfig.KEY).port === null) {
    return;
  }
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.httpRequest(
      request.method,
      request.routeOptions.url,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
}
