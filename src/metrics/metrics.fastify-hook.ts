import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MetricsServer } from './metrics-server';
import { MetricsService } from './metrics.service';

/**
 * The Fastify side of metrics: every answered request is timed under its matched route pattern
 * (`request.routeOptions.url`, never the URL), and the metrics server starts once the API server
 * listens (`onListen`: never during `npm run openapi`, which builds the app without listening).
 */
export function registerMetricsHooks(app: NestFastifyApplication): void {
  const metrics = app.get(MetricsService);
  const server = app.get(MetricsServer);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.httpRequest(
      request.method,
      request.routeOptions.url,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
  // A failure is logged here by Fastify and reported by MetricsServer.listening().
  fastify.addHook('onListen', async () => {
    await server.start();
  });
}
