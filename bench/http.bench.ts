/**
 * `npm run bench:http`: requests/s and latency of the guarded service against two baselines,
 * measured side by side in one run (design §11):
 *   (a) our service, full pipeline: JWT verify, validation, policy, throttling (limits too high to
 *       reject), audit logging at info level — the compiled app, `node dist/main`;
 *   (b) a plain Express + `agora-token` server with no auth issuing the same RTC token;
 *   (c) a bare Fastify route calling our library;
 *   (d) for reference, the same route as (c) on NestJS + Fastify with nothing else: the
 *       framework's floor, so the report shows how much of the gap to (c) is Nest's own.
 * Each server is pinned to core 0 with taskset, the load generator (wrk when installed — Debian
 * package `wrk` — else autocannon) to core 1. Contenders alternate round by round; medians reported.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sign } from 'jsonwebtoken';

const ROOT = resolve(__dirname, '..');
const OUT = join(ROOT, 'artifacts', 'bench-http');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const CALLERS = Number(process.env.BENCH_CALLERS ?? 1000);
const ISSUER = 'bench-issuer';
const AUDIENCE = 'agora-token-authority';
const SECRET = randomBytes(48).toString('base64url');
const APP_ID = randomBytes(16).toString('hex');
const APP_CERTIFICATE = randomBytes(16).toString('hex');

interface Contender {
  key: 'a' | 'b' | 'c' | 'd';
  name: string;
  port: number;
  command: string[];
  env: Record<string, string>;
}

const CONTENDERS: Contender[] = [
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

/** Distinct callers, each bound to its own uid and channel, asking for its own RTC token. */
function callers(): Array<{ authorization: string; body: string }> {
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

function wrkScript(requests: Array<{ authorization: string; body: string }>): string {
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

interface Sample {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  socketErrors: number;
}

function hasWrk(): boolean {
  return spawnSync('which', ['wrk']).status === 0;
}

function runWrk(port: number, seconds: number, script: string): Sample {
  const result = spawnSync(
    'taskset',
    [
      '-c',
      '1',
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
    p50Ms: r.p50Us! / 1000,
    p99Ms: r.p99Us! / 1000,
    non2xx: r.non2xx!,
    socketErrors: r.socketErrors!,
  };
}

async function runAutocannon(
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
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    socketErrors: result.errors,
  };
}

async function startServer(contender: Contender): Promise<ChildProcess> {
  mkdirSync(OUT, { recursive: true });
  // The server writes its logs straight to a file: a pipe through this process would stall while
  // the harness waits for wrk.
  const log = openSync(join(OUT, `server-${contender.key}.log`), 'w');
  const [command, ...args] = contender.command;
  const child = spawn('taskset', ['-c', '0', command!, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...contender.env },
    stdio: ['ignore', log, log],
  });
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
        throw new Error(
          `${contender.name} did not start; see ${join(OUT, `server-${contender.key}.log`)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  child.kill('SIGKILL');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const requests = callers();
  const useWrk = hasWrk();
  const script = join(OUT, 'requests.lua');
  mkdirSync(OUT, { recursive: true });
  writeFileSync(script, wrkScript(requests));
  const measure = (port: number, seconds: number) =>
    useWrk
      ? Promise.resolve(runWrk(port, seconds, script))
      : runAutocannon(port, seconds, requests);

  console.log(
    `bench:http — ${useWrk ? 'wrk' : 'autocannon'}, ${CONNECTIONS} connections, ${CALLERS} distinct callers, ` +
      `${ROUNDS} alternating rounds of ${DURATION_S} s; server on core 0, load on core 1; node ${process.version}`,
  );
  const samples: Record<string, Sample[]> = { a: [], b: [], c: [], d: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? CONTENDERS : [...CONTENDERS].reverse();
    for (const contender of order) {
      const child = await startServer(contender);
      try {
        await measure(contender.port, 3); // warm-up: JIT, connection set-up
        const sample = await measure(contender.port, DURATION_S);
        samples[contender.key]!.push(sample);
        console.log(
          `  round ${round + 1} ${contender.key}: ${Math.round(sample.rps)} req/s, p50 ${sample.p50Ms.toFixed(2)} ms, ` +
            `p99 ${sample.p99Ms.toFixed(2)} ms, non-2xx ${sample.non2xx}, socket errors ${sample.socketErrors}`,
        );
      } finally {
        await stopServer(child);
      }
    }
  }

  const summary = Object.fromEntries(
    CONTENDERS.map((c) => {
      const s = samples[c.key]!;
      return [
        c.key,
        {
          rps: median(s.map((x) => x.rps)),
          p50: median(s.map((x) => x.p50Ms)),
          p99: median(s.map((x) => x.p99Ms)),
          bad: s.reduce((n, x) => n + x.non2xx + x.socketErrors, 0),
        },
      ];
    }),
  ) as Record<Contender['key'], { rps: number; p50: number; p99: number; bad: number }>;
  console.log('\nmedians');
  for (const c of CONTENDERS) {
    const s = summary[c.key];
    console.log(
      `  (${c.key}) ${c.name.padEnd(68)} ${Math.round(s.rps).toString().padStart(7)} req/s  p50 ${s.p50.toFixed(2)} ms  p99 ${s.p99.toFixed(2)} ms  failed ${s.bad}`,
    );
  }
  const ab = summary.a.rps / summary.b.rps;
  const ac = summary.a.rps / summary.c.rps;
  const dc = summary.d.rps / summary.c.rps;
  console.log('\nratios (targets: a/b >= 1.50, a/c >= 0.75, p99(a) <= 20 ms)');
  console.log(`  a/b = ${ab.toFixed(2)}  ${ab >= 1.5 ? 'met' : 'NOT met'}`);
  console.log(`  a/c = ${ac.toFixed(2)}  ${ac >= 0.75 ? 'met' : 'NOT met'}`);
  console.log(
    `  p99(a) = ${summary.a.p99.toFixed(2)} ms  ${summary.a.p99 <= 20 ? 'met' : 'NOT met'}`,
  );
  console.log(`  reference: d/c = ${dc.toFixed(2)} (NestJS's own floor against bare Fastify)`);
  if (summary.a.bad > 0) {
    console.log(`  WARNING: (a) answered ${summary.a.bad} requests with non-2xx or socket errors`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
