/**
 * `npm run bench:profile`: where a guarded token request's CPU time and allocations go, by
 * component. Runs (a) of bench:http three times under the same wrk load: with the probe (CPU µs and
 * KiB allocated per request, no profiler), with `--cpu-prof` (only samples taken under load count,
 * not the boot's module loading), and with V8's sampling heap profiler (bench/alloc-sampler.js).
 * Each sample is charged to the nearest frame on its stack that starts a component (the JWT
 * verification, the validation pipe, the audit line…), the rest to the package it ran in; CPU
 * shares, times the unprofiled CPU per request, give µs per request (the profiler's own overhead
 * spreads over every share alike).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Contender,
  CONTENDERS,
  callers,
  loadGenerator,
  OUT,
  startServer,
  stopServer,
} from './http.bench';
import { pinSelf } from './support/cpu';
import { difference, Probe, PROBE_PRELOAD } from './support/probe-client';

const SECONDS = Number(process.env.BENCH_DURATION_S ?? 10);

type LoadGenerator = ReturnType<typeof loadGenerator>;

/** A component starts at the first frame whose function and file match; nested ones win. */
const COMPONENTS: Array<[component: string, fn: RegExp, file: RegExp]> = [
  ['JWT signature check (jsonwebtoken)', /^module\.exports$/, /jsonwebtoken\/verify\.js$/],
  ['JWT shape check + key lookup', /^provide$/, /auth\/caller-keys\.js$/],
  ['JWT claims → session (validate)', /^validate$/, /auth\/jwt\.strategy\.js$/],
  ['passport + AuthGuard', /^canActivate$/, /@nestjs\/passport\/dist\/auth\.guard\.js$/],
  ['rate limits (two guards)', /^canActivate$/, /throttle\/.*guard\.js$/],
  ['body validation (ajv pipe)', /^transform$/, /common\/api-validation\.pipe\.js$/],
  // Not onEnd: the JSON parse (secure-json-parse, by package) and then the whole request run in it.
  [
    'body reading (Fastify)',
    /^(ContentTypeParser\.run|onData)$/,
    /fastify\/lib\/content-type-parser\.js$/,
  ],
  ['policy decide()', /^decide$/, /policy\/channel-policy\.service\.js$/],
  ['token build (library)', /^buildToken$/, /agora-token\/token-spec\.js$/],
  ['audit line (pino → stdout)', /^(issued|denied)$/, /tokens\/token-audit\.service\.js$/],
  ['response object', /Response$/, /tokens\/token\.service\.js$/],
  ['response serialization', /^serialize$/, /fastify\/lib\/reply\.js$/],
  ['metrics', /^httpRequest$/, /metrics\/metrics\.service\.js$/],
  [
    'log writes (sonic-boom)',
    /^(writeBuffer|actualWriteBuffer|SonicBoom\.release)$/,
    /sonic-boom\/index\.js$/,
  ],
];

interface CallFrame {
  functionName: string;
  url: string;
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame; children?: number[] }>;
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** V8's sampling heap profile: bytes allocated (sampled) by call stack. */
interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
}

/** One stack frame of either profile, with what was spent in it itself. */
interface Frame {
  callFrame: CallFrame;
  self: number;
  children: Frame[];
}

/** Now in µs on the monotonic clock V8 stamps profile samples with (as libuv's hrtime does). */
const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

/** The CPU profile as frames, counting only samples taken between `from` and `to` (under load). */
function cpuFrames(profile: CpuProfile, from: number, to: number): Frame {
  const self = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at >= from && at <= to) {
      self.set(id, (self.get(id) ?? 0) + delta);
    }
  });
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const frame = (id: number): Frame => {
    const node = byId.get(id)!;
    const children = (node.children ?? []).map(frame);
    return { callFrame: node.callFrame, self: self.get(id) ?? 0, children };
  };
  return frame(profile.nodes[0]!.id);
}

const heapFrames = (node: HeapNode): Frame => ({
  callFrame: node.callFrame,
  self: node.selfSize,
  children: node.children.map(heapFrames),
});

/** What each component spent, by the rules above, else by the package it ran in. */
function attribute(root: Frame): Map<string, number> {
  const totals = new Map<string, number>();
  const visit = ({ callFrame, self, children }: Frame, owner: string | undefined): void => {
    const { functionName, url } = callFrame;
    const own =
      COMPONENTS.find(([, fn, file]) => fn.test(functionName) && file.test(url))?.[0] ?? owner;
    const label = own ?? fallback(functionName, url);
    totals.set(label, (totals.get(label) ?? 0) + self);
    for (const child of children) {
      visit(child, own);
    }
  };
  visit(root, undefined);
  totals.delete('(idle)');
  return totals;
}

/** Time outside every component: the framework layer or runtime it ran in. */
function fallback(functionName: string, url: string): string {
  if (!url) {
    return functionName === '(garbage collector)'
      ? 'garbage collection'
      : functionName === '(idle)'
        ? '(idle)'
        : functionName === 'writev' || functionName === 'writeString'
          ? 'socket writes (syscalls)'
          : 'V8 builtins and natives outside the components';
  }
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg === '@nestjs/core' || pkg === '@nestjs/common') {
    return 'NestJS router, guards and pipes (framework)';
  }
  if (pkg?.startsWith('fastify') || pkg === 'find-my-way' || pkg === 'light-my-request') {
    return 'Fastify routing, hooks and reply (framework)';
  }
  if (url.startsWith('node:')) {
    return 'Node HTTP, streams and timers';
  }
  return pkg ? `other: ${pkg}` : `other: ours (${url.replace(/.*\/dist\//, '')})`;
}

/** The preload that samples allocations (see the file). */
const ALLOC_SAMPLER = join(__dirname, 'alloc-sampler.js');

/** CPU µs per request, without a profiler: the figure the profile's shares are scaled to. */
async function unprofiled(
  ours: Contender,
  load: LoadGenerator,
  dir: string,
): Promise<{ rps: number; cpuUs: number; allocKiB: number }> {
  const probe = new Probe(join(dir, 'probe.jsonl'));
  const server = await startServer(ours, { nodeArgs: PROBE_PRELOAD, env: probe.env() });
  await load.measure(ours.port, 3);
  const before = await probe.snapshot(server);
  const sample = await load.measure(ours.port, SECONDS);
  const window = difference(before, await probe.snapshot(server));
  await stopServer(server);
  return {
    rps: sample.rps,
    cpuUs: window.cpuUs / sample.requests,
    allocKiB: window.allocatedBytes / sample.requests / 1024,
  };
}

/** CPU time by component, over the samples taken under load. */
async function cpuProfile(ours: Contender, load: LoadGenerator, dir: string) {
  const server = await startServer(ours, { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  const from = monotonicUs();
  await load.measure(ours.port, SECONDS);
  const to = monotonicUs();
  await stopServer(server);
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) {
    throw new Error(`no CPU profile written to ${dir}`);
  }
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  if (!(profile.startTime < from && to < profile.endTime)) {
    throw new Error('the CPU profile does not span the load: its clock is not the one assumed');
  }
  return { file: join(dir, file), totals: attribute(cpuFrames(profile, from, to)) };
}

/** Bytes allocated by component, per request of a load window sampled alone. */
async function allocationProfile(ours: Contender, load: LoadGenerator, dir: string) {
  const file = join(dir, 'allocation.heapprofile');
  const server = await startServer(ours, {
    nodeArgs: ['-r', ALLOC_SAMPLER],
    env: { BENCH_ALLOC_FILE: file },
  });
  await load.measure(ours.port, 3);
  server.kill('SIGUSR2'); // starts sampling on the idle server's next turn
  await new Promise((r) => setTimeout(r, 500));
  const sample = await load.measure(ours.port, SECONDS);
  server.kill('SIGUSR2');
  const deadline = Date.now() + 15_000;
  while (!existsSync(file)) {
    if (Date.now() > deadline) {
      throw new Error(`no allocation profile written to ${file}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopServer(server);
  const root = heapFrames((JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode }).head);
  return { file, totals: attribute(root), requests: sample.requests };
}

function printTable(unit: string, totals: Map<string, number>, perRequest: number): void {
  const all = [...totals.values()].reduce((sum, t) => sum + t, 0);
  console.log(`\n| component | ${unit} / request | share |\n|---|---:|---:|`);
  for (const [label, value] of [...totals].sort((x, y) => y[1] - x[1])) {
    const share = value / all;
    if (share >= 0.003) {
      console.log(
        `| ${label} | ${(share * perRequest).toFixed(1)} | ${(share * 100).toFixed(1)} % |`,
      );
    }
  }
}

async function main(): Promise<void> {
  pinSelf('1');
  const ours = CONTENDERS[0]!;
  const load = loadGenerator(callers());
  const dir = join(OUT, 'profile');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  const plain = await unprofiled(ours, load, dir);
  const cpu = await cpuProfile(ours, load, dir);
  const allocation = await allocationProfile(ours, load, dir);
  const sampledKiB =
    [...allocation.totals.values()].reduce((sum, b) => sum + b, 0) / allocation.requests / 1024;

  console.log(
    `bench:profile — (a) under ${load.name} load, node ${process.version}: ${Math.round(plain.rps)} req/s, ` +
      `${plain.cpuUs.toFixed(0)} CPU µs and ${plain.allocKiB.toFixed(1)} KiB allocated per request ` +
      `without a profiler\n  CPU profile: ${cpu.file}\n  allocation profile: ${allocation.file} ` +
      `(sampled ${sampledKiB.toFixed(1)} KiB per request)`,
  );
  printTable('CPU µs', cpu.totals, plain.cpuUs);
  printTable('KiB allocated', allocation.totals, sampledKiB);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
