import { writeFileSync } from 'node:fs';
import { createApp } from './bootstrap';
import { buildOpenApiDocument, serializeOpenApi } from './openapi';

/** `node dist/openapi-cli.js <file>`: the OpenAPI document as sorted YAML (`npm run openapi`). */
async function main(): Promise<void> {
  const output = process.argv[2];
  if (!output) {
    process.stderr.write('usage: node dist/openapi-cli.js <output.yaml>\n');
    process.exitCode = 2;
    return;
  }
  const app = await createApp({ env: OPENAPI_ENV, logger: false });
  try {
    writeFileSync(output, serializeOpenApi(buildOpenApiDocument(app)));
  } finally {
    await app.close();
  }
}

/** A fixed environment: the document depends on the code only, never on who runs the script. */
export const OPENAPI_ENV = { NODE_ENV: 'test', SWAGGER_ENABLED: 'false' } as const;

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
