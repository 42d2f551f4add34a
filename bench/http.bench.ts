/**
 * `npm run bench:http`: requests/s and latency of the guarded service against two baselines,
 * measured side by side in one run:
 *   (a) our service, full pipeline: JWT verify, validation, policy, throttling (limits too high to
 *       reject), audit logging at info level — the compiled app, `node dist/main`;
 *   (b) a plain Express + `agora-token` server with no auth issuing the same RTC token;
 *   (c) a bare Fastify route calling our library;
 *   (d) for reference, the same route as (c) on NestJS + Fastify with nothing else: the
 *       framework's floor, so the report shows how much of the gap to (c) is Nest's own.
 * Each server is pinned to core 0 with taskset, the load generator (wrk when installed — Debian
 * package `wrk` — else autocannon, in this process) to core 1. Contenders alternate round by round;
 * medians reported. Every server runs with bench/probe.js preloaded, which reports its CPU time,
 * heap allocation and GC pauses around each measured window; divided by the requests served, those
 * give CPU µs, KiB and GC pause µs per request. Prints the issue-13 goals as PASS/MISS lines.
 * The other benchmarks (latency, startup, cluster) reuse the contenders and server control here.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { sign } from 'jsonwebtoken';
import { goal, printGoalTally, report } from './goals';
import { checkEverythingOn } from './support/check-guarded';
import { pinSelf } from './support/cpu';
import { difference, Probe, PROBE_PRELOAD, type ProbeWindow } from './support/probe-client';
import { median } from './support/stats';

const ROOT = resolve(__dirname, '..');
export const OUT = join(ROOT, 'artifacts', 'bench-http');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const CALLERS = Number(process.env.BENCH_CALLERS ?? 1000);
/** BENCH_TRACING=1 adds (t): ours with OpenTelemetry on, every request traced and exported. */
const TRACING = process.env.BENCH_TRACING === '1';
const OTLP_SINK_PORT = 4399;
export const ISSUER = 'bench-issuer';
export const AUDIENCE = 'agora-token-authority';
export const SECRET = randomBytes(48).toString('base64url');
const APP_ID = randomBytes(16).toString('hex');
const APP_CERTIFICATE = randomBytes(16).toString('hex');

export interface Contender {
  key: 'a' | 'b' | 'c' | 'd' | 't' | 'o';
  name: string;
  port: number;
  command: string[];
  env: Record<string, string>;
}

export const CONTENDERS: Contender[] = [
  {
    key: 'a',
    name: 'ours: guarded service (JWT, policy, validation, throttle, audit log)',
    port: 3100,
    command: ['node', 'dist/main.js'],
    env: {
      NODE_ENV: 'production',
      PORT: '3100',
      HOST: '127.0.0.1',
      AGORA_APP_ID: APP_ID,
      AGORA_APP_CERTIFICATE: APP_CERTIFICATE,
      AUTH_JWT_SECRET: SECRET,
      AUTH_JWT_ISSUER: ISSUER,
      AUTH_JWT_AUDIENCE: AUDIENCE,
      THROTTLE_IP_LIMIT: '1000000',
      THROTTLE_USER_LIMIT: '1000000',
      LOG_LEVEL: 'info',
      // Metrics stay on, on a port of the bench's own (the default may be taken by a test run).
      METRICS_PORT: '3104',
      // No readiness drain before closing: nothing routes to a bench server, so stops are quick.
      SHUTDOWN_DRAIN_DELAY_MS: '0',
    },
  },
  {
    key: 'b',
    name: 'Express + agora-token package, no auth',
    port: 3101,
    command: ['node', 'bench/servers/express-agora-token.js'],
    env: { PORT: '3101', AGORA_APP_ID: APP_ID, AGORA_APP_CERTIFICATE: APP_CERTIFICATE },
  },
  {
    key: 'c',
    name: 'bare Fastify route + our library, no auth',
    port: 3102,
    command: ['node', 'bench/servers/fastify-library.js'],
    env: { PORT: '3102', AGORA_APP_ID: APP_ID, AGORA_APP_CERTIFICATE: APP_CERTIFICATE },
  },
  {
    key: 'd',
    name: '(reference) bare NestJS + Fastify route + our library, no auth',
    port: 3103,
    command: ['node', 'bench/servers/nest-library.js'],
    env: { PORT: '3103', AGORA_APP_ID: APP_ID, AGORA_APP_CERTIFICATE: APP_CERTIFICATE },
  },
];

if (TRACING) {
  const ours = CONTENDERS[0]!;
  CONTENDERS.push({
    ...ours,
    key: 't',
    name: 'ours with tracing on (OTLP/HTTP to a loopback sink, all sampled)',
    port: 3105,
    env: {
      ...ours.env,
      PORT: '3105',
      METRICS_PORT: '3106',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${OTLP_SINK_PORT}`,
    },
  });
}

/**
 * BENCH_BASELINE=<git revision> adds (o): the service as it was at that revision, built from a
 * clean export of it with its own locked dependencies, measured in the same rounds, so "a/b is not
 * lower than before a change" is judged in one run on one machine state.
 */
const BASELINE = process.env.BENCH_BASELINE;
if (BASELINE) {
  const ours = CONTENDERS[0]!;
  CONTENDERS.push({
    ...ours,
    key: 'o',
    name: `ours at ${BASELINE} (before)`,
    port: 3107,
    command: ['node', join(buildBaseline(BASELINE), 'dist', 'main.js')],
    env: { ...ours.env, PORT: '3107', METRICS_PORT: '3108' },
  });
}

/** Exports `revision` into artifacts/, installs its locked dependencies and builds it (once). */
function buildBaseline(revision: string): string {
  const sha = run('git', ['rev-parse', '--short', revision], ROOT).trim();
  const dir = join(ROOT, 'artifacts', `baseline-${sha}`);
  if (!existsSync(join(dir, 'dist', 'main.js'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    run('sh', ['-c', `git archive ${sha} | tar -x -C "${dir}"`], ROOT);
    run('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], dir);
    run('npx', ['nest', 'build'], dir);
  }
  return dir;
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}: ${result.stderr}`);
  }
  return result.stdout;
}

/** A collector stand-in on core 1 that reads and drops every export (the cost is the service's). */
function startOtlpSink(): Promise<Server> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () =>
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
    );
  });
  return new Promise((done) => server.listen(OTLP_SINK_PORT, '127.0.0.1', () => done(server)));
}

/** Distinct callers, each bound to its own uid and channel, asking for its own RTC token. */
export function callers(): Array<{ authorization: string; body: string }> {
  return Array.from({ length: CALLERS }, (_, i) => {
    const uid = 10_000 + i;
    const jwt = sign(
      {
        sub: `bench-user-${i}`,
        agora_uid: uid,
        agora_channels: [`bench-room-${i}`],
        scope: 'rtc:publish',
      },
      SECRET,
      { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE, expiresIn: 3600 },
    );
    const body = JSON.stringify({ channel: `bench-room-${i}`, uid, role: 'publisher' });
    return { authorization: `Bearer ${jwt}`, body };
  });
}

export function wrkScript(requests: Array<{ authorization: string; body: string }>): string {
  const entries = requests
    .map((r) => `{${JSON.stringify(r.authorization)}, ${JSON.stringify(r.body)}}`)
    .join(',\n');
  return `local data = {\n${entries}\n}
local prepared = {}
local i = 0
init = function(args)
  for k, d in ipairs(data) do
    prepared[k] = wrk.format("POST", "/v1/tokens/rtc", { ["Authorization"] = d[1], ["Content-Type"] = "application/json" }, d[2])
  end
end
request = function()
  i = i % #prepared + 1
  return prepared[i]
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"non2xx":%d,"socketErrors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
`;
}

export interface Sample {
  rps: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  socketErrors: number;
}

export function hasWrk(): boolean {
  // BENCH_LOAD=autocannon measures with autocannon even where wrk is installed.
  return process.env.BENCH_LOAD !== 'autocannon' && spawnSync('which', ['wrk']).status === 0;
}

export function runWrk(port: number, seconds: number, script: string, cpus = '1'): Sample {
  const result = spawnSync(
    'taskset',
    [
      '-c',
      cpus,
      'wrk',
      '-t1',
      `-c${CONNECTIONS}`,
      `-d${seconds}s`,
      '--latency',
      '-s',
      script,
      `http://127.0.0.1:${port}`,
    ],
    { encoding: 'utf8' },
  );
  const line = result.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) {
    throw new Error(`wrk produced no result: ${result.stderr || result.stdout}`);
  }
  const r = JSON.parse(line.slice(7)) as Record<string, number>;
  return {
    rps: r.requests! / (r.durationUs! / 1e6),
    requests: r.requests!,
    p50Ms: r.p50Us! / 1000,
    p99Ms: r.p99Us! / 1000,
    non2xx: r.non2xx!,
    socketErrors: r.socketErrors!,
  };
}

export async function runAutocannon(
  port: number,
  seconds: number,
  requests: Array<{ authorization: string; body: string }>,
): Promise<Sample> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const autocannon = require('autocannon') as (o: object) => Promise<any>;
  let i = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/v1/tokens/rtc`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: object) => {
          const r = requests[i++ % requests.length]!;
          return {
            ...req,
            body: r.body,
            headers: { authorization: r.authorization, 'content-type': 'application/json' },
          };
        },
      },
    ],
  });
  return {
    rps: result.requests.total / (result.duration || seconds),
    requests: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    socketErrors: result.errors,
  };
}

export interface StartOptions {
  /** Cores the server is pinned to (taskset syntax). */
  cpus?: string;
  /** Extra environment, e.g. the probe file. */
  env?: Record<string, string>;
  /** Node flags put before the script, e.g. the probe preload. */
  nodeArgs?: string[];
  /** The script instead of the contender's own (the cluster wrapper). */
  script?: string;
}

/**
 * Starts a contender on the `node` running this harness (so one run measures one Node version)
 * and waits until it answers on its port.
 */
export async function startServer(
  contender: Contender,
  options: StartOptions = {},
): Promise<ChildProcess> {
  await assertPortFree(contender.port);
  mkdirSync(OUT, { recursive: true });
  // The server writes its logs straight to a file: a pipe through this process would stall while
  // the harness waits for wrk.
  const log = openSync(serverLog(contender), 'w');
  const [command, ...args] = contender.command;
  const node = command === 'node' ? process.execPath : command!;
  const script = options.script ? [options.script] : args;
  const child = spawn(
    'taskset',
    ['-c', options.cpus ?? '0', node, ...(options.nodeArgs ?? []), ...script],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...contender.env, ...options.env },
      stdio: ['ignore', log, log],
    },
  );
  closeSync(log);
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${contender.port}/v1/tokens/rtc`, {
        method: 'POST',
      });
      await response.arrayBuffer();
      return child;
    } catch {
      if (Date.now() > deadline || child.exitCode !== null) {
        throw new Error(`${contender.name} did not start; see ${serverLog(contender)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Refuses to measure a port something else already answers on (another run's server). */
export async function assertPortFree(port: number): Promise<void> {
  try {
    await (
      await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) })
    ).arrayBuffer();
  } catch {
    return;
  }
  throw new Error(`port ${port} is already in use: stop what listens there and run again`);
}

export const serverLog = (contender: Contender) => join(OUT, `server-${contender.key}.log`);

export async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  child.kill('SIGKILL');
}

/** Closed-loop saturating load (wrk or autocannon) at CONNECTIONS connections. */
export function loadGenerator(requests: Array<{ authorization: string; body: string }>): {
  name: string;
  measure: (port: number, seconds: number, cpus?: string) => Promise<Sample>;
} {
  const useWrk = hasWrk();
  const script = join(OUT, 'requests.lua');
  mkdirSync(OUT, { recursive: true });
  writeFileSync(script, wrkScript(requests));
  return {
    name: useWrk ? 'wrk' : 'autocannon',
    measure: (port, seconds, cpus) =>
      useWrk
        ? Promise.resolve(runWrk(port, seconds, script, cpus))
        : runAutocannon(port, seconds, requests),
  };
}

interface Figures extends Sample, ProbeWindow {}

async function main(): Promise<void> {
  pinSelf('1');
  const requests = callers();
  const load = loadGenerator(requests);
  const probe = new Probe(join(OUT, 'probe.jsonl'));
  const sink = TRACING ? await startOtlpSink() : undefined;

  console.log(
    `bench:http — ${load.name}, ${CONNECTIONS} connections, ${CALLERS} distinct callers, ` +
      `${ROUNDS} alternating rounds of ${DURATION_S} s; server on core 0, load on core 1; node ${process.version}`,
  );
  const samples: Record<string, Figures[]> = Object.fromEntries(CONTENDERS.map((c) => [c.key, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? CONTENDERS : [...CONTENDERS].reverse();
    for (const contender of order) {
      probe.reset();
      const child = await startServer(contender, { nodeArgs: PROBE_PRELOAD, env: probe.env() });
      try {
        if (contender.key === 'a') {
          await checkEverythingOn(contender, requests, serverLog(contender));
        }
        await load.measure(contender.port, 3); // warm-up: JIT, connection set-up
        const before = await probe.snapshot(child);
        const sample = await load.measure(contender.port, DURATION_S);
        const spent = difference(before, await probe.snapshot(child));
        samples[contender.key]!.push({ ...sample, ...spent });
        const n = sample.requests;
        console.log(
          `  round ${round + 1} ${contender.key}: ${Math.round(sample.rps)} req/s, p50 ${sample.p50Ms.toFixed(2)} ms, ` +
            `p99 ${sample.p99Ms.toFixed(2)} ms, ${(spent.cpuUs / n).toFixed(0)} CPU µs/req, ` +
            `${(spent.allocatedBytes / 1024 / n).toFixed(1)} KiB/req, GC ${((spent.gcPauseMs * 1000) / n).toFixed(1)} µs/req ` +
            `(${spent.gcCount} GCs, ${spent.gcMajorCount} major), non-2xx ${sample.non2xx}, socket errors ${sample.socketErrors}`,
        );
      } finally {
        await stopServer(child);
      }
    }
  }

  const summary = Object.fromEntries(
    CONTENDERS.map((c) => {
      const s = samples[c.key]!;
      const perRequest = (x: Figures, value: number) => value / x.requests;
      return [
        c.key,
        {
          rps: median(s.map((x) => x.rps)),
          p50: median(s.map((x) => x.p50Ms)),
          p99: median(s.map((x) => x.p99Ms)),
          cpuUs: median(s.map((x) => perRequest(x, x.cpuUs))),
          allocKiB: median(s.map((x) => perRequest(x, x.allocatedBytes / 1024))),
          gcUs: median(s.map((x) => perRequest(x, x.gcPauseMs * 1000))),
          majorGcUs: median(s.map((x) => perRequest(x, x.gcMajorPauseMs * 1000))),
          bad: s.reduce((n, x) => n + x.non2xx + x.socketErrors, 0),
        },
      ];
    }),
  ) as Record<
    Contender['key'],
    {
      rps: number;
      p50: number;
      p99: number;
      cpuUs: number;
      allocKiB: number;
      gcUs: number;
      majorGcUs: number;
      bad: number;
    }
  >;
  console.log('\nmedians');
  for (const c of CONTENDERS) {
    const s = summary[c.key];
    console.log(
      `  (${c.key}) ${c.name.padEnd(68)} ${Math.round(s.rps).toString().padStart(7)} req/s  p50 ${s.p50.toFixed(2)} ms  ` +
        `p99 ${s.p99.toFixed(2)} ms  ${s.cpuUs.toFixed(0)} CPU µs/req  ${s.allocKiB.toFixed(1)} KiB/req  ` +
        `GC pause ${s.gcUs.toFixed(1)} µs/req (major ${s.majorGcUs.toFixed(1)})  failed ${s.bad}`,
    );
  }
  const { a, b, c, d } = summary;
  console.log(`\ngoals (issue 13; ${load.name}, node ${process.version})`);
  goal('a/b requests per second', a.rps / b.rps, '>=', 1.5);
  goal('a/b CPU per request (b µs/req ÷ a µs/req)', b.cpuUs / a.cpuUs, '>=', 1.5, {
    note: `(a ${a.cpuUs.toFixed(0)} µs, b ${b.cpuUs.toFixed(0)} µs)`,
  });
  goal('(a) heap allocation per request', a.allocKiB, '<=', 40, {
    unit: 'KiB',
    format: (n) => n.toFixed(1),
  });
  goal(`(a) saturated p99 at ${CONNECTIONS} connections`, a.p99, '<=', 20, {
    unit: 'ms',
    note: CONNECTIONS === 32 ? '' : '(the goal is stated for 32 connections)',
  });
  goal('(a) failed requests (non-2xx, socket errors)', a.bad, '<=', 0, { format: String });
  report('(a) GC pause per request', `${a.gcUs.toFixed(1)} µs`);
  report('a/c requests per second (bare Fastify)', (a.rps / c.rps).toFixed(2));
  report('a/d requests per second (bare NestJS)', (a.rps / d.rps).toFixed(2));
  report(
    'a/c, a/d CPU per request (c or d µs ÷ a µs)',
    `${(c.cpuUs / a.cpuUs).toFixed(2)}, ${(d.cpuUs / a.cpuUs).toFixed(2)}`,
  );
  report('d/c requests per second (NestJS’s own floor)', (d.rps / c.rps).toFixed(2));
  const traced = summary.t as (typeof summary)['a'] | undefined;
  if (traced !== undefined) {
    report(
      't/a with every request traced: req/s, CPU µs/req',
      `${(traced.rps / a.rps).toFixed(2)}, ${(traced.cpuUs / a.cpuUs).toFixed(2)} (t ${traced.cpuUs.toFixed(0)} µs)`,
    );
  }
  const before = summary.o as (typeof summary)['a'] | undefined;
  if (before !== undefined) {
    goal(
      `a/b requests per second, not lower than at ${BASELINE} (o/b)`,
      a.rps / b.rps,
      '>=',
      before.rps / b.rps,
    );
    goal(
      `a/b CPU per request, not lower than at ${BASELINE} (o/b)`,
      b.cpuUs / a.cpuUs,
      '>=',
      b.cpuUs / before.cpuUs,
    );
    report(
      `(o) at ${BASELINE}: heap per request, p99`,
      `${before.allocKiB.toFixed(1)} KiB, ${before.p99.toFixed(2)} ms (a: ${a.allocKiB.toFixed(1)} KiB, ${a.p99.toFixed(2)} ms)`,
    );
  }
  sink?.close();
  printGoalTally('bench:http');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
