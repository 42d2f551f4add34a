/**
 * `npm run bench:soak`: the guarded service under steady load from many distinct callers for a long
 * time (default 10 minutes, 100k callers), sampling RSS and heap after a forced GC (bench/probe.js
 * with BENCH_PROBE_GC=1). Goals: RSS steady at or under 150 MiB, and flat: the change between the
 * first and the last quarter of the samples under load (medians, after warm-up) within ±10 %.
 * Duration: `--duration 90s` / `--duration=2m` on the command line, or BENCH_SOAK_DURATION, or
 * BENCH_SOAK_MINUTES; BENCH_SOAK_CALLERS, BENCH_SOAK_SAMPLE_S (default: a twentieth of the
 * duration, at most 30 s) and BENCH_CONNECTIONS tune it. Server on core 0, autocannon on core 1.
 * BENCH_SOAK_MEMORY_MIB runs the server in a memory cgroup of that limit (as the Kubernetes
 * manifest's 512 MiB does), so that Node sizes its heap as it does in such a container.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sign } from 'jsonwebtoken';
import { goal, printGoalTally, report } from './goals';
import { assertPortFree } from './http.bench';
import { pinSelf } from './support/cpu';
import { createMemoryCgroup } from './support/memory-cgroup';
import { Probe, PROBE_PRELOAD, type ProbeSnapshot } from './support/probe-client';
import { median } from './support/stats';

const ROOT = resolve(__dirname, '..');
const OUT = join(ROOT, 'artifacts', 'bench-soak');
const CALLERS = Number(process.env.BENCH_SOAK_CALLERS ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PORT = 3200;
const SECRET = randomBytes(48).toString('base64url');
const RSS_LIMIT_MIB = 150;
const MEMORY_LIMIT_MIB = process.env.BENCH_SOAK_MEMORY_MIB
  ? Number(process.env.BENCH_SOAK_MEMORY_MIB)
  : undefined;

/** "90s", "2m", "600" (seconds) → seconds. */
function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(s|m)?$/.exec(text.trim());
  if (!match) {
    throw new Error(`a duration is a number of seconds or minutes ("90s", "2m"), not "${text}"`);
  }
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
}

function durationSeconds(): number {
  const argv = process.argv.slice(2);
  const at = argv.findIndex((a) => a === '--duration' || a.startsWith('--duration='));
  if (at >= 0) {
    const arg = argv[at]!;
    return parseDuration(
      arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (argv[at + 1] ?? ''),
    );
  }
  if (process.env.BENCH_SOAK_DURATION) {
    return parseDuration(process.env.BENCH_SOAK_DURATION);
  }
  return Number(process.env.BENCH_SOAK_MINUTES ?? 10) * 60;
}

const mib = (bytes: number) => bytes / 1024 / 1024;

async function main(): Promise<void> {
  pinSelf('1');
  const seconds = durationSeconds();
  const sampleS = Number(
    process.env.BENCH_SOAK_SAMPLE_S ?? Math.min(30, Math.max(1, seconds / 20)),
  );
  console.log(
    `bench:soak — ${CALLERS} distinct callers, ${seconds} s, ${CONNECTIONS} connections, ` +
      `a sample every ${sampleS} s; node ${process.version}; ` +
      (MEMORY_LIMIT_MIB
        ? `server in a ${MEMORY_LIMIT_MIB} MiB memory cgroup`
        : 'no memory limit (V8 sizes its heap from the machine)'),
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
  await assertPortFree(PORT);
  mkdirSync(OUT, { recursive: true });
  const probe = new Probe(join(OUT, 'probe.jsonl'));
  const log = openSync(join(OUT, 'server.log'), 'w');
  const cgroup = MEMORY_LIMIT_MIB ? createMemoryCgroup(MEMORY_LIMIT_MIB) : undefined;
  const command = ['taskset', '-c', '0', process.execPath, '--expose-gc', ...PROBE_PRELOAD];
  const [program, ...args] = cgroup ? cgroup.wrap(command) : command;
  const server = spawn(program!, [...args, 'dist/main.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      // Runtime tuning under test (e.g. NODE_OPTIONS=--max-semi-space-size=4) reaches the server.
      ...(process.env.NODE_OPTIONS && { NODE_OPTIONS: process.env.NODE_OPTIONS }),
      ...probe.env({ BENCH_PROBE_GC: '1' }),
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
      METRICS_PORT: String(PORT + 1),
      SHUTDOWN_DRAIN_DELAY_MS: '0',
    },
    // The log goes to a file: a pipe nobody reads would stall the server once full.
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const samples: ProbeSnapshot[] = [];
  // A server that dies under the load (out of memory in its cgroup) is a result, not a crash.
  let died: string | undefined;
  let stopping = false;
  server.once('exit', (code, signal) => {
    if (!stopping) {
      died = signal ?? `exit code ${code}`;
    }
  });

  let next = 0;
  let failed = 0;
  try {
    await waitForServer();

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const autocannon = require('autocannon') as (o: object) => any;
    const load = autocannon({
      url: `http://127.0.0.1:${PORT}/v1/tokens/rtc`,
      connections: CONNECTIONS,
      duration: seconds,
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
    let sampling = Promise.resolve();
    const timer = setInterval(() => {
      sampling = sampling.then(async () => {
        const m = await probe.snapshot(server);
        samples.push(m);
        const t = Math.round((Date.now() - started) / 1000);
        console.log(
          `  t=${t}s rss ${mib(m.rss).toFixed(1)} MiB, heap after GC ${mib(m.heapUsed).toFixed(1)} MiB, requests ${next}, failed ${failed}`,
        );
      });
    }, sampleS * 1000);
    await load;
    clearInterval(timer);
    await sampling;
    samples.push(await probe.snapshot(server));
  } catch (error) {
    if (died === undefined) {
      throw error;
    }
  } finally {
    stopping = true;
    if (died === undefined) {
      const exited = once(server, 'exit');
      server.kill('SIGTERM');
      if (cgroup) {
        await exited; // a cgroup can be removed only once no process is left in it
      }
    }
    cgroup?.remove();
  }

  if (died !== undefined) {
    const where = MEMORY_LIMIT_MIB ? ` in its ${MEMORY_LIMIT_MIB} MiB memory cgroup` : '';
    console.log(
      `\nthe server died under load${where} (${died}) after ${samples.length} samples; ` +
        `last RSS ${mib(samples.at(-1)?.rss ?? NaN).toFixed(1)} MiB (the kernel log says whether ` +
        `it was the OOM killer)`,
    );
    goal('server alive through the run (1: yes)', 0, '>=', 1, { format: String });
    printGoalTally('bench:soak');
    return;
  }
  // The first two samples are warm-up (JIT, buffer pools, the rate limiter's caller table filling
  // up); the last one is taken after the load stopped. One RSS sample swings by ±10 % with the
  // garbage collector's cycle (young generation and freed pages not yet returned), so growth is
  // judged on the median of the first and of the last quarter of the samples under load.
  const loaded = samples.slice(Math.min(2, samples.length - 2), -1);
  const quarter = Math.max(1, Math.floor(loaded.length / 4));
  const window = (part: ProbeSnapshot[], key: 'rss' | 'heapUsed') =>
    median(part.map((m) => m[key]));
  console.log(`\nrequests ${next}, non-201 ${failed}, samples ${samples.length}`);
  const figures = Object.fromEntries(
    (['rss', 'heapUsed'] as const).map((key) => {
      const start = window(loaded.slice(0, quarter), key);
      const end = window(loaded.slice(-quarter), key);
      const values = loaded.map((m) => m[key]);
      return [
        key,
        {
          start: mib(start),
          end: mib(end),
          change: ((end - start) / start) * 100,
          range: `${mib(Math.min(...values)).toFixed(1)}..${mib(Math.max(...values)).toFixed(1)} MiB`,
          after: mib(samples[samples.length - 1]![key]),
        },
      ];
    }),
  );
  const { rss, heapUsed } = figures as Record<'rss' | 'heapUsed', (typeof figures)[string]>;
  const describe = (f: typeof rss) =>
    `${f.start.toFixed(1)} → ${f.end.toFixed(1)} MiB, under load ${f.range}, after ${f.after.toFixed(1)} MiB`;
  console.log(`  RSS:           ${describe(rss)}`);
  console.log(`  heap after GC: ${describe(heapUsed)}`);
  console.log(
    `\ngoals (issue 13; ${seconds} s, ${CALLERS} callers; medians of the first and last quarter under load)`,
  );
  goal('RSS steady (median of the last quarter)', rss.end, '<=', RSS_LIMIT_MIB, {
    unit: 'MiB',
    format: (n) => n.toFixed(1),
  });
  goal('RSS flat: |change| first → last quarter', Math.abs(rss.change), '<=', 10, {
    unit: '%',
    format: (n) => n.toFixed(1),
    note: `(${rss.change >= 0 ? '+' : ''}${rss.change.toFixed(1)} %)`,
  });
  goal('requests not answered 201', failed, '<=', 0, { format: String });
  report(
    'heap after GC, change',
    `${heapUsed.change >= 0 ? '+' : ''}${heapUsed.change.toFixed(1)} %`,
  );
  if (seconds < 600) {
    console.log(`  (a trial run: the goals are stated for 600 s and 100k callers)`);
  }
  printGoalTally('bench:soak');
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
