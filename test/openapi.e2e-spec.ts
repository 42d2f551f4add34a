import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../src/bootstrap';
import { buildOpenApiDocument, serializeOpenApi } from '../src/openapi';
import { OPENAPI_ENV } from '../src/openapi-cli';

describe('openapi.yaml', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createApp({ env: OPENAPI_ENV, logger: false });
  });
  afterAll(() => app.close());

  it('should match the document generated from the code', () => {
    const generated = serializeOpenApi(buildOpenApiDocument(app));
    const committed = readFileSync(resolve(__dirname, '../openapi.yaml'), 'utf8');
    if (generated !== committed) {
      throw new Error(
        'openapi.yaml is out of date with the code: run `npm run openapi` and commit the result.',
      );
    }
  });

  it('should require the bearer token everywhere except on public routes', () => {
    const document = buildOpenApiDocument(app);
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/health/live']?.get?.security).toEqual([]);
    expect(document.paths['/health/ready']?.get?.security).toEqual([]);
    expect(document.paths['/v1/session']?.get?.security).toBeUndefined();
    expect(JSON.stringify(document)).not.toContain('x-public');
  });
});
