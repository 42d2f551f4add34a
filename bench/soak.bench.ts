/**
 * `npm run bench:soak`: the guarded service under steady load from many distinct callers for a long
 * time (default 10 minutes, 100k callers), sampling RSS and heap after a forced GC. Prints the
 * growth between the first and the last quarter of the samples under load (medians, after warm-up);
 * target: within ±10 %.
 * BENCH_SOAK_MINUTES, BENCH_SOAK_CALLERS, BENCH_SOAK_SAMPLE_S and BENCH_CONNECTIONS tune it.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { sign } from 'jsonwebtoken';

const ROOT = resolve(__dirname, '..');
const MINUTES = Number(process.env.BENCH_SOAK_MINUTES ?? 10);
const CALLERS = Number(process.env.BENCH_SOAK_CALLERS ?? 100_000);
const SAMPLE_S = Number(process.env.BENCH_SOAK_SAMPLE_S ?? 30);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PORT = 3200;
const SECRET = randomBytes(48).toString('base64url');

interface Memory {
  rss: number;
  heapUsed: number;
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function main(): Promise<void> {
  const server = spawn(
    'taskset',
    ['-c', '0', 'node', '--expose-gc', '-r', './bench/soak-probe.js', 'dist/main.js'],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        PORT: String(PORT),
        HOST: '127.0.0.1',
        AGORA_APP_ID: randomBytes(16).toString('hex'),
        AGORA_APP_CERTIFICATE: randomBytes(16).toString('hex'),
        AUTH_JWT_SECRET: SECRET,
        AUTH_JWT_ISSUER: 'soak-issuer',
        AUTH_JWT_AUDIENCE: 'agora-token-authority',
        THROTTLE_IP_LIMIT: '1000000',
        THROTTLE_USER_LIMIT: '1000000',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const samples: Memory[] = [];
  let waiting: ((m: Memory) => void) | undefined;
  createInterface({ input: server.stderr }).on('line', (line) => {
    if (line.startsWith('SOAK_MEMORY ')) {
      waiting?.(JSON.parse(line.slice(12)) as Memory);
    }
  });
  const sample = () =>
    new Promise<Memory>((resolveSample) => {
      waiting = resolveSample;
      server.kill('SIGUSR2');
    });

  console.log(
    `bench:soak — ${CALLERS} distinct callers, ${MINUTES} min, ${CONNECTIONS} connections`,
  );
  console.log('  minting caller JWTs ...');
  const callers = Array.from({ length: CALLERS }, (_, i) => ({
    authorization: `Bearer ${sign(
      {
        sub: `soak-${i}`,
        agora_uid: 1 + i,
        agora_channels: [`soak-room-${i}`],
        scope: 'rtc:publish',
      },
      SECRET,
      {
        algorithm: 'HS256',
        issuer: 'soak-issuer',
        audience: 'agora-token-authority',
        expiresIn: 7200,
      },
    )}`,
    body: JSON.stringify({ channel: `soak-room-${i}`, uid: 1 + i, role: 'subscriber' }),
  }));
  await waitForServer();

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const autocannon = require('autocannon') as (o: object) => any;
  let next = 0;
  let failed = 0;
  const load = autocannon({
    url: `http://127.0.0.1:${PORT}/v1/tokens/rtc`,
    connections: CONNECTIONS,
    duration: MINUTES * 60,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: object) => {
          const c = callers[next++ % callers.length]!;
          return {
            ...req,
            body: c.body,
            headers: { authorization: c.authorization, 'content-type': 'application/json' },
          };
        },
        onResponse: (status: number) => {
          if (status !== 201) {
            failed++;
          }
        },
      },
    ],
  });
  const started = Date.now();
  const timer = setInterval(() => {
    void sample().then((m) => {
      samples.push(m);
      const t = Math.round((Date.now() - started) / 1000);
      console.log(
        `  t=${t}s rss ${mib(m.rss)} MiB, heap after GC ${mib(m.heapUsed)} MiB, requests ${next}, failed ${failed}`,
      );
    });
  }, SAMPLE_S * 1000);
  await load;
  clearInterval(timer);
  samples.push(await sample());
  server.kill('SIGTERM');

  // The first two samples are warm-up (JIT, buffer pools, the rate limiter's caller table filling
  // up); the last one is taken after the load stopped. One RSS sample swings by ±10 % with the
  // garbage collector's cycle (young generation and freed pages not yet returned), so growth is
  // judged on the median of the first and of the last quarter of the samples under load.
  const loaded = samples.slice(Math.min(2, samples.length - 2), -1);
  const quarter = Math.max(1, Math.floor(loaded.length / 4));
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const window = (part: Memory[], key: keyof Memory) => median(part.map((m) => m[key]));
  const growth = (a: number, b: number) => ((b - a) / a) * 100;
  console.log(`\nrequests ${next}, non-201 ${failed}, samples ${samples.length}`);
  let met = true;
  for (const [label, key] of [
    ['RSS', 'rss'],
    ['heap after GC', 'heapUsed'],
  ] as const) {
    const start = window(loaded.slice(0, quarter), key);
    const end = window(loaded.slice(-quarter), key);
    const values = loaded.map((m) => m[key]);
    const change = growth(start, end);
    met &&= Math.abs(change) <= 10;
    console.log(
      `  ${`${label}:`.padEnd(15)} ${mib(start)} -> ${mib(end)} MiB (${change.toFixed(1)} %), ` +
        `range under load ${mib(Math.min(...values))}..${mib(Math.max(...values))}, ` +
        `after the load ${mib(samples[samples.length - 1]![key])}`,
    );
  }
  console.log(
    `  target ±10 %:   ${met ? 'met' : 'NOT met'} (medians of the first and last quarter)`,
  );
}

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      await fetch(`http://127.0.0.1:${PORT}/health/live`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('the service did not start');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
