import { Global, Module } from '@nestjs/common';
import { ThrottleModule } from '../throttle/throttle.module';
import { MetricsServer } from './metrics-server';
import { MetricsService } from './metrics.service';

/**
 * Prometheus metrics (design §8). Global: the audit (tokens) and the JWKS client (auth) record
 * into MetricsService. createApp registers the Fastify hooks (metrics.fastify-hook.ts).
 */
@Global()
@Module({
  imports: [ThrottleModule],
  providers: [MetricsService, MetricsServer],
  exports: [MetricsService, MetricsServer],
})
export class MetricsModule {}
