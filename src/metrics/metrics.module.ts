import { type DynamicModule, Global, Module, type ModuleMetadata } from '@nestjs/common';
import { MetricsServer } from './metrics-server';
import { MetricsService } from './metrics.service';
import { RATE_LIMIT_FIGURES, type RateLimitFigures } from './rate-limit-metrics';

/**
 * Prometheus metrics. Global: the audit (tokens) and the JWKS client (auth) record into
 * MetricsService. The app supplies the rate limiter's figures (`forRoot`), so this folder depends
 * on no feature. createApp registers the Fastify hooks (metrics.fastify-hook.ts).
 */
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
