import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  type OpenAPIObject,
  type RequestBodyObject,
  type SchemaObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { dump } from 'js-yaml';
import { PUBLIC_OPERATION_EXTENSION } from './auth/public.decorator';
import { isRecord } from './common/is-record';
import { schemaDtos } from './common/schema-dto';

const BEARER_SCHEME = 'bearer';

/** The OpenAPI document of the running app; the same one feeds /docs and openapi.yaml. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Agora Token Authority')
    .setDescription(DESCRIPTION)
    .setVersion(packageVersion())
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    // Every route needs the bearer token unless marked @Public() (the guard is global).
    .addSecurityRequirements(BEARER_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controller: string, method: string) => method,
  });
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path as object).filter(isRecord)) {
      if (Object.hasOwn(operation, PUBLIC_OPERATION_EXTENSION)) {
        delete operation[PUBLIC_OPERATION_EXTENSION];
        operation.security = [];
      }
      addBodyExamples(operation);
    }
  }
  describeBodies(document);
  return document;
}

const DESCRIPTION = `Issues Agora access tokens to callers authenticated by a bearer JWT, within the token policy.

**Getting a JWT for development.** \`npm start\` (development mode) prints a ready development JWT
under "Development JWT": click **Authorize**, paste it, and every example below works as shown
(uid 1001 or account \`alice\`, channels \`demo-*\`). More: \`npx agora-token-authority dev-jwt --help\`.

**In production** no JWT is minted here: send the access token your identity provider issues
for this service. It is accepted when its \`iss\` equals \`AUTH_JWT_ISSUER\`, its \`aud\` includes
\`AUTH_JWT_AUDIENCE\`, it is signed with the configured key (an \`AUTH_JWT_SECRET\` shared secret,
or keys from \`AUTH_JWKS_URL\` / \`AUTH_JWT_PUBLIC_KEY\`) and it carries \`exp\`. Which channels, uid,
account and scopes it grants come from its claims (see the README's policy model);
\`GET /v1/session\` shows what the service read from yours.

Bodies are validated by the JSON Schemas below exactly as shown: unknown fields and wrong types
are refused (no coercion), \`x-maxUtf8Bytes\` bounds a string in UTF-8 bytes, and a refusal is a
400 \`VALIDATION_FAILED\` naming each field.`;

/** Schema DTO bodies become their JSON Schema; nested schemas with a `title` become components. */
function describeBodies(document: OpenAPIObject): void {
  const schemas = (document.components ??= {}).schemas ?? {};
  for (const [name, dto] of schemaDtos()) {
    if (Object.hasOwn(schemas, name)) {
      schemas[name] = JSON.parse(JSON.stringify(dto.schema)) as SchemaObject;
    }
  }
  for (const name of Object.keys(schemas)) {
    schemas[name] = hoistTitled(schemas[name], schemas, true) as SchemaObject;
  }
  document.components.schemas = Object.fromEntries(
    Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)),
  );
}

function hoistTitled(value: unknown, schemas: Record<string, unknown>, root = false): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => hoistTitled(item, schemas));
  }
  if (!isRecord(value)) {
    return value;
  }
  const { title, ...rest } = value;
  const walked = Object.fromEntries(
    Object.entries(rest).map(([key, item]) => [key, hoistTitled(item, schemas)]),
  );
  if (root || typeof title !== 'string') {
    return title === undefined || root ? walked : { ...walked, title };
  }
  schemas[title] = walked;
  return { $ref: `#/components/schemas/${title}` };
}

/** The named examples of a schema DTO body, the first one shown (and sent) by Swagger UI. */
function addBodyExamples(operation: Record<string, unknown>): void {
  const body = operation.requestBody as RequestBodyObject | undefined;
  const json = body?.content?.['application/json'];
  const ref = (json?.schema as { $ref?: string } | undefined)?.$ref;
  const dto = ref ? schemaDtos().get(ref.replace('#/components/schemas/', '')) : undefined;
  if (json && dto) {
    json.examples = { ...dto.examples };
  }
}

/** Swagger UI at /docs, the JSON document at /docs-json; served by Fastify, outside the guard. */
export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    raw: ['json'],
    customSiteTitle: 'Agora Token Authority',
    // The pasted JWT survives a reload (kept in localStorage, like any browser app's bearer token).
    swaggerOptions: { persistAuthorization: true },
  });
}

/** Deterministic YAML: keys sorted, no anchors, no line folding. */
export function serializeOpenApi(document: OpenAPIObject): string {
  const plain = JSON.parse(JSON.stringify(document)) as unknown;
  return dump(plain, { sortKeys: true, noRefs: true, lineWidth: -1 });
}

function packageVersion(): string {
  // Read at run time: package.json lies outside rootDir (../ from both src/ and dist/).
  const pkg = readFileSync(join(__dirname, '..', 'package.json'), 'utf8');
  return (JSON.parse(pkg) as { version: string }).version;
}
