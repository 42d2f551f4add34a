import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { configVariables } from '../src/config/load-config';
import { startTestApp } from './support/app';

/**
 * No Docker engine runs in CI, so the rules of the Dockerfile, .dockerignore, compose.yaml and
 * deploy/nginx.conf are checked on their text: a review that cannot be forgotten.
 */
const ROOT = join(__dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Variables whose values are secrets: they never appear in an image or in compose.yaml. */
const SECRET_VARIABLES = [
  'AGORA_APP_CERTIFICATE',
  'AGORA_APP_CERTIFICATE_SECONDARY',
  'AUTH_JWT_SECRET',
  'AUTH_JWT_PUBLIC_KEY',
  'METRICS_TOKEN',
];

interface Instruction {
  readonly keyword: string;
  readonly args: string;
  /** Index of the FROM stage it belongs to. */
  readonly stage: number;
}

/** Dockerfile instructions: comments dropped, `\` continuations joined. */
function parseDockerfile(text: string): Instruction[] {
  const logical = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  let stage = -1;
  return logical.map((line) => {
    const [keyword = '', ...rest] = line.split(/\s+/);
    if (keyword.toUpperCase() === 'FROM') {
      stage += 1;
    }
    return { keyword: keyword.toUpperCase(), args: rest.join(' '), stage };
  });
}

/** Names set by `ENV`/`ARG` (`A=1 B=2`, `A 1` or a bare `ARG A`). */
function declaredNames(instruction: Instruction): string[] {
  if (instruction.keyword === 'ENV' && !instruction.args.includes('=')) {
    return [instruction.args.split(/\s+/)[0] ?? ''];
  }
  return [...instruction.args.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)(?==|\s|$)/g)].map(
    (match) => match[1] ?? '',
  );
}

describe('Dockerfile', () => {
  const instructions = parseDockerfile(read('Dockerfile'));
  const runtime = Math.max(...instructions.map((instruction) => instruction.stage));
  const inRuntime = (keyword: string) =>
    instructions.filter((i) => i.stage === runtime && i.keyword === keyword);

  it('should build in one stage and run from a slim image in another', () => {
    const froms = instructions.filter((i) => i.keyword === 'FROM');
    expect(froms.length).toBeGreaterThanOrEqual(2);
    expect(froms[0]?.args).toMatch(/ AS build$/i);
    // Every stage on the current Node LTS the suite is also run on (.ci/run).
    expect(froms.map((from) => from.args.split(/\s+/)[0])).toEqual(
      froms.map(() => expect.stringMatching(/^node:24[\w.-]*-slim$/)),
    );
    const buildRuns = instructions.filter((i) => i.stage === 0 && i.keyword === 'RUN');
    expect(buildRuns.map((i) => i.args)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^npm ci\b/), 'npm run build']),
    );
  });

  it('should install production dependencies only, without install scripts', () => {
    const installs = inRuntime('RUN').filter((i) => /\bnpm (ci|install)\b/.test(i.args));
    expect(installs).toHaveLength(1);
    expect(installs[0]?.args).toMatch(/^npm ci --omit=dev --ignore-scripts\b/);
    expect(inRuntime('ENV').map((i) => i.args)).toContain('NODE_ENV=production');
  });

  it('should copy only the package files and the compiled dist/ into the runtime image', () => {
    expect(inRuntime('ADD')).toEqual([]);
    expect(inRuntime('COPY').map((i) => i.args)).toEqual([
      'package.json package-lock.json ./',
      '--from=build /app/dist ./dist',
    ]);
  });

  it('should run as a non-root user, set before CMD', () => {
    const users = inRuntime('USER');
    expect(users).toHaveLength(1);
    expect(users[0]?.args).not.toMatch(/^(root|0)(:|$)/);
    const order = instructions.map((i) => i.keyword);
    expect(order.lastIndexOf('USER')).toBeLessThan(order.lastIndexOf('CMD'));
    expect(order.lastIndexOf('USER')).toBeGreaterThan(order.lastIndexOf('RUN'));
  });

  it('should start with an exec-form CMD, node as PID 1', () => {
    const cmds = inRuntime('CMD');
    expect(cmds).toHaveLength(1);
    expect(JSON.parse(cmds[0]?.args ?? '')).toEqual(['node', 'dist/main']);
    expect(inRuntime('EXPOSE').map((i) => i.args)).toEqual(['3000']);
  });

  it('should check liveness with node itself (no curl in slim images)', async () => {
    const checks = inRuntime('HEALTHCHECK');
    expect(checks).toHaveLength(1);
    const command = /\bCMD (\[.*\])$/.exec(checks[0]?.args ?? '')?.[1];
    const [file = '', ...args] = JSON.parse(command ?? 'null') as string[];
    expect(file).toBe('node');
    expect(args.join(' ')).toContain('/health/live');
    // The command itself, run as Docker would: healthy against the app, unhealthy without it.
    const exitCode = (port: string) =>
      new Promise<number>((resolve) =>
        execFile(process.execPath, args, { env: { PORT: port } }, (error) =>
          resolve(error ? Number(error.code) : 0),
        ),
      );
    const app = await startTestApp();
    const { port } = new URL(app.baseUrl);
    try {
      expect(await exitCode(port)).toBe(0);
    } finally {
      await app.close();
    }
    expect(await exitCode(port)).toBe(1);
  });

  it('should put no secret into any layer', () => {
    const declared = instructions
      .filter((i) => i.keyword === 'ENV' || i.keyword === 'ARG')
      .flatMap(declaredNames);
    expect(declared.filter((name) => SECRET_VARIABLES.includes(name))).toEqual([]);
    const copied = instructions
      .filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')
      .map((i) => i.args);
    expect(copied.filter((args) => /\.env|\.agora-dev|(^|\s)\.(\s|$)/.test(args))).toEqual([]);
  });
});

describe('.dockerignore', () => {
  const entries = read('.dockerignore')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

  it.each([
    ['.env files, at any depth', ['.env*', '**/.env*']],
    ['development credentials', ['.agora-dev', '**/.agora-dev']],
    ['installed and built output', ['node_modules', 'dist', 'coverage', 'artifacts']],
    ['the repository and tests', ['.git', 'test', '**/*.spec.ts']],
  ])('should exclude %s', (_what, patterns) => {
    expect(entries).toEqual(expect.arrayContaining(patterns));
  });

  it('should never re-include an excluded path', () => {
    expect(entries.filter((entry) => entry.startsWith('!'))).toEqual([]);
  });
});

describe('compose.yaml', () => {
  interface Service {
    image?: string;
    build?: unknown;
    deploy?: { replicas?: number };
    environment?: Record<string, string>;
    env_file?: string[];
    volumes?: string[];
    expose?: string[];
    ports?: string[];
  }
  const compose = load(read('compose.yaml')) as { services: Record<string, Service> };
  const { app, redis, proxy } = compose.services;

  it('should run two replicas of the service, Redis and a proxy', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'proxy', 'redis']);
    expect(app?.build).toBe('.');
    expect(app?.deploy?.replicas).toBe(2);
    expect(redis?.image).toMatch(/^redis:/);
    expect(proxy?.image).toMatch(/^nginx:/);
    expect(proxy?.volumes).toContain('./deploy/nginx.conf:/etc/nginx/nginx.conf:ro');
  });

  it('should point the replicas at Redis and trust exactly the proxy hop', () => {
    expect(app?.environment).toMatchObject({
      NODE_ENV: 'production',
      TRUSTED_PROXY_HOPS: '1',
      REDIS_URL: 'redis://redis:6379',
    });
  });

  it('should expose metrics on the compose network only, never published to the host', () => {
    expect(app?.environment).toMatchObject({ METRICS_HOST: '0.0.0.0', METRICS_PORT: '9464' });
    expect(app?.expose).toContain('9464');
    expect(app?.ports).toBeUndefined();
  });

  it('should take secrets from a git-ignored env file, never from inline values', () => {
    const inline = Object.keys(app?.environment ?? {});
    expect(inline.filter((name) => SECRET_VARIABLES.includes(name))).toEqual([]);
    expect(app?.env_file).toEqual(['deploy/.env.production']);
    // Exit status 0: git ignores it, so a filled-in copy cannot be committed.
    expect(() =>
      execFileSync('git', ['check-ignore', '--quiet', 'deploy/.env.production'], { cwd: ROOT }),
    ).not.toThrow();
  });

  it('should name only variables of the configuration contract', () => {
    const template = read('deploy/env.production.example')
      .split('\n')
      .map((line) => /^#?\s*([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined);
    expect(template.length).toBeGreaterThan(0);
    const names = [...Object.keys(app?.environment ?? {}), ...template];
    expect(names.filter((name) => !configVariables().includes(name))).toEqual([]);
  });
});

describe('deploy/nginx.conf', () => {
  const conf = read('deploy/nginx.conf').replace(/#.*$/gm, '');

  it('should proxy to the app replicas, setting X-Forwarded-For itself', () => {
    const upstream = /proxy_pass http:\/\/([\w-]+);/.exec(conf)?.[1];
    expect(upstream).toBeDefined();
    expect(conf).toMatch(new RegExp(`upstream ${upstream} \\{[^}]*server app:3000\\b`));
    expect(conf).toMatch(/proxy_set_header X-Forwarded-For \$remote_addr;/);
  });

  it('should refuse bodies above the app limit (16 KiB) before they reach a replica', () => {
    expect(conf).toMatch(/client_max_body_size 16k;/);
  });
});
