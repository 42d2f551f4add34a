import type { FastifyInstance } from 'fastify';
import { errorBody } from '../common/api-error';

/**
 * The swagger-ui-dist files the Swagger UI page loads. @nestjs/swagger serves the whole package
 * folder through @fastify/static: its package.json, source maps, an unused OAuth redirect page...
 */
const SWAGGER_UI_ASSETS: ReadonlySet<string> = new Set([
  'swagger-ui.css',
  'swagger-ui-bundle.js',
  'swagger-ui-standalone-preset.js',
  'favicon-32x32.png',
  'favicon-16x16.png',
]);

/**
 * Anything but SWAGGER_UI_ASSETS under `prefix` (other files, `..` encodings, NUL bytes) is a 404
 * before @fastify/static resolves a path: no trick reaches the file system, and no traversal
 * refusal of its own (a 403 Nest would log as a 500).
 */
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
