import type { FastifyInstance } from 'fastify';
import { errorBody } from '../common/api-error';

/**
 * The files of swagger-ui-dist that the Swagger UI page loads (the page and its init script are
 * routes of @nestjs/swagger's own). @nestjs/swagger serves the whole package folder through
 * @fastify/static: its package.json, source maps, an OAuth redirect page we do not use...
 */
export const SWAGGER_UI_ASSETS: ReadonlySet<string> = new Set([
  'swagger-ui.css',
  'swagger-ui-bundle.js',
  'swagger-ui-standalone-preset.js',
  'favicon-32x32.png',
  'favicon-16x16.png',
]);

/**
 * Serves nothing from the static route under `prefix` but SWAGGER_UI_ASSETS, each by its exact
 * name: anything else (other files of the package, `..` and its encodings, NUL bytes, doubled
 * slashes) is a 404 `NOT_FOUND` before @fastify/static resolves a path, so no trick reaches the
 * file system and nothing ends as an unhandled error (@fastify/static's own refusal of a
 * traversal is a 403 error object Nest would log as a 500). Runs on every request, after routing:
 * a route other than the static one costs a string comparison.
 */
export function serveOnlySwaggerUiAssets(fastify: FastifyInstance, prefix: string): void {
  const staticRoute = `${prefix}/*`;
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.routeOptions.url !== staticRoute) {
      done();
      return;
    }
    const file = (request.params as { '*'?: string })['*'];
    if (file !== undefined && SWAGGER_UI_ASSETS.has(file)) {
      done();
      return;
    }
    void reply.code(404).send(errorBody(404, 'NOT_FOUND'));
  });
}
