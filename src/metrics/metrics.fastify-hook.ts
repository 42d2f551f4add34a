import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type MetricsConfig, metricsConfig } from '../config/metrics.config';
import { MetricsServer } from './metrics-server';
import { MetricsService } from './metrics.service';

/**
 * The Fastify side of metrics: every answered request is timed under its matched route pattern
 * (`request.routeOptions.url`, never the URL), and the metrics server starts once the API server
 * listens (`onListen`: never during `npm run openapi`, which builds the app without listening).
 * With METRICS_PORT=off nothing is timed.
 */
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
