/**
 * `npm run bench:startup`: how long the compiled service takes from process start (the spawn) to its
 * first `GET /health/ready` 200, in production mode with every check configured as in bench:http's
 * (a). Ten starts (BENCH_STARTUP_RUNS), one at a time, the server pinned to core 0 and this harness,
 * which polls readiness every 5 ms, to core 1; the median is the figure.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { goal, printGoalTally, report } from './goals';
import { assertPortFree, CONTENDERS, OUT, stopServer } from './http.bench';
import { pinSelf } from './support/cpu';
import { median } from './support/stats';

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 10);
const TIMEOUT_MS = 30_000;

async function ready(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health/ready`, {
      signal: AbortSignal.timeout(1000),
    });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

async function timeOneStart(run: number): Promise<number> {
  const a = CONTENDERS.find((c) => c.key === 'a')!;
  await assertPortFree(a.port);
  mkdirSync(OUT, { recursive: true });
  const log = openSync(join(OUT, 'server-startup.log'), 'w');
  const started = performance.now();
  const child = spawn('taskset', ['-c', '0', process.execPath, 'dist/main.js'], {
    cwd: join(__dirname, '..'),
    env: { PATH: process.env.PATH ?? '', ...a.env },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  try {
    while (!(await ready(a.port))) {
      if (child.exitCode !== null || performance.now() - started > TIMEOUT_MS) {
        throw new Error(`start ${run} never became ready; see ${join(OUT, 'server-startup.log')}`);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    return performance.now() - started;
  } finally {
    await stopServer(child);
  }
}

async function main(): Promise<void> {
  pinSelf('1');
  console.log(
    `bench:startup — ${RUNS} starts of dist/main.js to the first /health/ready 200; server on core 0; node ${process.version}`,
  );
  const times: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const ms = await timeOneStart(run);
    times.push(ms);
    console.log(`  start ${run}: ${ms.toFixed(0)} ms`);
  }
  console.log(`\ngoals (issue 13; node ${process.version})`);
  goal(`start to ready, median of ${RUNS}`, median(times), '<=', 1000, {
    unit: 'ms',
    format: (n) => n.toFixed(0),
  });
  report(
    'fastest / slowest',
    `${Math.min(...times).toFixed(0)} / ${Math.max(...times).toFixed(0)} ms`,
  );
  printGoalTally('bench:startup');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
