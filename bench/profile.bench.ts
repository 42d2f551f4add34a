/**
 * `npm run bench:profile`: where a guarded token request's CPU time goes, by component. Runs (a)
 * of bench:http twice under the same wrk load: once with the probe (CPU µs per request, no
 * profiler), once with `--cpu-prof`. Only samples taken under load count (not the boot's module
 * loading). Each profile sample is charged to the nearest frame on its
 * stack that starts a component (the JWT verification, the validation pipe, the audit line…), the
 * rest to the package it ran in; the shares, times the unprofiled CPU per request, give µs per
 * request (the profiler's own overhead spreads over every share alike).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENDERS, callers, loadGenerator, OUT, startServer, stopServer } from './http.bench';
import { pinSelf } from './support/cpu';
import { difference, Probe, PROBE_PRELOAD } from './support/probe-client';

const SECONDS = Number(process.env.BENCH_DURATION_S ?? 10);

/** A component starts at the first frame whose function and file match; nested ones win. */
const COMPONENTS: Array<[component: string, fn: RegExp, file: RegExp]> = [
  ['JWT signature check (jsonwebtoken)', /^module\.exports$/, /jsonwebtoken\/verify\.js$/],
  ['JWT shape check + key lookup', /^provide$/, /auth\/caller-keys\.js$/],
  ['JWT claims → session (validate)', /^validate$/, /auth\/jwt\.strategy\.js$/],
  ['passport + AuthGuard', /^canActivate$/, /@nestjs\/passport\/dist\/auth\.guard\.js$/],
  ['rate limits (two guards)', /^canActivate$/, /throttle\/.*guard\.js$/],
  ['body validation (ajv pipe)', /^transform$/, /common\/api-validation\.pipe\.js$/],
  ['body parsing (Fastify + JSON)', /^run$/, /fastify\/lib\/content-type-parser\.js$/],
  ['policy decide()', /^decide$/, /policy\/channel-policy\.service\.js$/],
  ['token build (library)', /^buildToken$/, /agora-token\/token-spec\.js$/],
  ['audit line (pino → stdout)', /^(issued|denied)$/, /tokens\/token-audit\.service\.js$/],
  ['response object', /Response$/, /tokens\/token\.service\.js$/],
  ['response serialization + send', /^(send|serialize)$/, /fastify\/lib\/reply\.js$/],
  ['metrics', /^httpRequest$/, /metrics\/metrics\.service\.js$/],
  ['log writes (sonic-boom)', /^(actualWrite|release)$/, /sonic-boom\/index\.js$/],
];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Now in µs on the monotonic clock V8 stamps profile samples with (as libuv's hrtime does). */
const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

/**
 * Time per component (µs, summed over the samples taken between `from` and `to`: under load, not
 * while booting), by the rules above, else by package.
 */
function attribute(profile: CpuProfile, from: number, to: number): Map<string, number> {
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
  const totals = new Map<string, number>();
  const visit = (id: number, owner: string | undefined): void => {
    const node = byId.get(id)!;
    const { functionName, url } = node.callFrame;
    const own =
      COMPONENTS.find(([, fn, file]) => fn.test(functionName) && file.test(url))?.[0] ?? owner;
    const label = own ?? fallback(functionName, url);
    totals.set(label, (totals.get(label) ?? 0) + (self.get(id) ?? 0));
    for (const child of node.children ?? []) {
      visit(child, own);
    }
  };
  visit(profile.nodes[0]!.id, undefined);
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

async function main(): Promise<void> {
  pinSelf('1');
  const ours = CONTENDERS[0]!;
  const load = loadGenerator(callers());
  const dir = join(OUT, 'profile');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  const probe = new Probe(join(dir, 'probe.jsonl'));
  const plain = await startServer(ours, { nodeArgs: PROBE_PRELOAD, env: probe.env() });
  await load.measure(ours.port, 3);
  const before = await probe.snapshot(plain);
  const sample = await load.measure(ours.port, SECONDS);
  const cpuUs = difference(before, await probe.snapshot(plain)).cpuUs / sample.requests;
  await stopServer(plain);

  const profiled = await startServer(ours, {
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
  });
  const from = monotonicUs();
  await load.measure(ours.port, SECONDS);
  const to = monotonicUs();
  await stopServer(profiled);
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) {
    throw new Error(`no CPU profile written to ${dir}`);
  }
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  if (!(profile.startTime < from && to < profile.endTime)) {
    throw new Error('the profile starts after the load: its clock is not the one assumed here');
  }
  const totals = attribute(profile, from, to);
  const busy = [...totals.values()].reduce((sum, t) => sum + t, 0);

  console.log(
    `bench:profile — (a) under ${load.name} load, node ${process.version}: ${Math.round(sample.rps)} req/s, ` +
      `${cpuUs.toFixed(0)} CPU µs per request without the profiler; profile in ${join(dir, file)}`,
  );
  console.log('\n| component | µs / request | share |\n|---|---:|---:|');
  for (const [label, time] of [...totals].sort((x, y) => y[1] - x[1])) {
    const share = time / busy;
    if (share >= 0.003) {
      console.log(`| ${label} | ${(share * cpuUs).toFixed(1)} | ${(share * 100).toFixed(1)} % |`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
