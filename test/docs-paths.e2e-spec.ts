import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, type MainProcess, spawnMain, waitForExit } from './support/main-process';
import { rawRequest } from './support/raw-http';
import { TEST_ENV } from './support/test-env';

jest.setTimeout(60_000);

/**
 * Swagger UI's static files come from @fastify/static (registered by @nestjs/swagger) over the
 * whole swagger-ui-dist folder. Only the files the UI page loads may be served; every other path
 * under /docs/, traversal and encoding tricks included, is a plain 404 with the error envelope,
 * logged below error level. Paths are sent raw: fetch() would normalise `..` away.
 */
describe('/docs serves only Swagger UI', () => {
  let child: MainProcess;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    const env = Object.entries({
      ...TEST_ENV,
      NODE_ENV: 'production',
      SWAGGER_ENABLED: 'true',
      SHUTDOWN_DRAIN_DELAY_MS: '0',
      LOG_LEVEL: 'info',
      PORT: String(port),
      HOST: '127.0.0.1',
    }).filter((entry): entry is [string, string] => entry[1] !== undefined);
    child = spawnMain(Object.fromEntries(env));
    const deadline = Date.now() + 20_000;
    while (
      (await fetch(`http://127.0.0.1:${port}/health/live`).catch(() => null))?.status !== 200
    ) {
      if (Date.now() > deadline || child.exitCode !== null) {
        throw new Error(`the app did not start; output:\n${child.output()}`);
      }
      await sleep(100);
    }
  });

  afterAll(async () => {
    const exited = waitForExit(child);
    child.kill('SIGTERM');
    expect((await exited).code).toBe(0);
  });

  const get = (path: string) =>
    rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);

  it.each([
    '/docs',
    '/docs/',
    '/docs/index.html',
    '/docs/swagger-ui-init.js',
    '/docs/swagger-ui.css',
    '/docs/swagger-ui-bundle.js',
    '/docs/swagger-ui-standalone-preset.js',
    '/docs/favicon-32x32.png',
    '/docs/favicon-16x16.png',
  ])('should serve %s', async (path) => {
    const response = await get(path);
    expect([path, response.status]).toEqual([path, 200]);
  });

  it('should serve every asset the UI page references', async () => {
    const page = (await get('/docs')).body;
    const assets = [...page.matchAll(/(?:src|href)="\.\/docs\/([^"]+)"|(?:src|href)="([^"/]+)"/g)]
      .map((match) => match[1] ?? match[2])
      .filter((asset): asset is string => asset !== undefined);
    expect(assets.length).toBeGreaterThanOrEqual(5);
    for (const asset of assets) {
      expect([asset, (await get(`/docs/${asset}`)).status]).toEqual([asset, 200]);
    }
  });

  it.each([
    '/docs/../../package.json',
    '/docs/../package.json',
    '/docs/%2e%2e/%2e%2e/package.json',
    '/docs/%2e%2e%2f%2e%2e%2fpackage.json',
    '/docs/..%2f..%2fpackage.json',
    '/docs/.%2e/.%2e/package.json',
    '/docs/%252e%252e/package.json',
    '/docs/index.html%00.js',
    '/docs/swagger-ui.css%00',
    '/docs//etc/passwd',
    '/docs/./package.json',
    '/docs/package.json',
    '/docs/LICENSE',
    '/docs/index.js',
    '/docs/absolute-path.js',
    '/docs/swagger-ui-bundle.js.map',
    '/docs/oauth2-redirect.html',
    '/docs/nope',
  ])('should answer %s with 404 NOT_FOUND', async (path) => {
    const response = await get(path);
    expect([path, response.status]).toEqual([path, 404]);
    expect(JSON.parse(response.body)).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.body).not.toContain('swagger-ui-dist');
  });

  it.each(['/docs/%zz', '/docs/%c0%ae%c0%ae/package.json'])(
    'should answer %s (not a UTF-8 escape) with 400 BAD_REQUEST',
    async (path) => {
      const response = await get(path);
      expect([path, response.status]).toEqual([path, 400]);
      expect(JSON.parse(response.body)).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST' });
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    },
  );

  it('should never serve swagger-ui-dist package.json', async () => {
    const pkg = readFileSync(join(require.resolve('swagger-ui-dist'), '../package.json'), 'utf8');
    const response = await get('/docs/package.json');
    expect(response.body).not.toBe(pkg);
  });

  it('should have logged none of it at error or warn level', () => {
    const lines = child
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level?: unknown; msg?: unknown });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => ['error', 'fatal', 'warn'].includes(String(line.level)))).toEqual(
      [],
    );
  });
});
