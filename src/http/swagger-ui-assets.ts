import type { FastifyInstance } from 'fastify';
import { errorBody } from '../common/api-error';

/** The files Swagger UI loads; @nestjs/swagger would serve the whole swagger-ui-dist folder. */
const SWAGGER_UI_ASSETS: ReadonlySet<string> = new Set([
  'swagger-ui.css',
  'swagger-ui-bundle.js',
  'swagger-ui-standalone-preset.js',
  'favicon-32x32.png',
  'favicon-16x16.png',
]);

// Anything else under `prefix` (`..` encodings, NUL bytes) is a 404 before @fastify/static resolves
// a path: nothing reaches the file system, and no 403 of its own (which Nest would log as a 500).
export function serveOnlySwaggerUiAssets(fastify: FastifyInstance, prefix: string): void {
  const staticRoute = `${prefix}/*`;
  fastify.addHook('onRequest', (request, reply, done) => {
    if (
      request.routeOptions.url === staticRoute &&
      !SWAGGER_UI_ASSETS.has((request.params as { '*'?: string })['*'] ?? '')
    ) {
      void reply.code(404).send(errorBody(404, 'NOT_FOUND'));
      return;
    }
    done();
  });
}
