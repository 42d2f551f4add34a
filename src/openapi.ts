import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { dump } from 'js-yaml';
import { PUBLIC_OPERATION_EXTENSION } from './auth/public.decorator';

const BEARER_SCHEME = 'bearer';

/** The OpenAPI document of the running app; the same one feeds /docs and openapi.yaml. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Agora Token Authority')
    .setDescription(
      'Issues Agora access tokens to callers authenticated by a bearer JWT, within the token policy.',
    )
    .setVersion(packageVersion())
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    // Every route needs the bearer token unless marked @Public() (the guard is global).
    .addSecurityRequirements(BEARER_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controller: string, method: string) => method,
  });
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path)) {
      if (isRecord(operation) && Object.hasOwn(operation, PUBLIC_OPERATION_EXTENSION)) {
        delete operation[PUBLIC_OPERATION_EXTENSION];
        operation.security = [];
      }
    }
  }
  return document;
}

/**
 * Serves Swagger UI at /docs and the JSON document at /docs-json. Public: these routes are served
 * by Fastify directly, outside the JWT guard.
 */
export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    raw: ['json'],
    customSiteTitle: 'Agora Token Authority',
  });
}

/** Deterministic YAML: keys sorted, no anchors, no line folding. */
export function serializeOpenApi(document: OpenAPIObject): string {
  const plain = JSON.parse(JSON.stringify(document)) as unknown;
  return dump(plain, { sortKeys: true, noRefs: true, lineWidth: -1 });
}

function packageVersion(): string {
  // Read at run time: package.json lies outside rootDir (../ from both src/ and dist/).
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
