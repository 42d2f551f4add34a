/**
 * `npm run bench:cluster`: throughput of the guarded service (bench:http's (a)) on two cores against
 * one. One core: a single process pinned to core 0, the load generator on core 1 (bench:http's
 * setup). Two cores: bench/servers/cluster.js, two node:cluster workers sharing the listening
 * socket (the kernel spreads accepts), with the load generator sharing the same two cores, as a
 * deployment without a separate load-balancer core would. The two alternate round by round; the
 * servers' CPU (all processes, from /proc) per request shows whether scaling is lost to the
 * generator's share of the cores or to the service itself.
 * BENCH_ROUNDS (3), BENCH_DURATION_S (10), BENCH_CONNECTIONS (32).
 */
import type { ChildProcess } from 'node:child_process';
import { goal, printGoalTally, report } from './goals';
import {
  callers,
  CONNECTIONS,
  CONTENDERS,
  loadGenerator,
  startServer,
  stopServer,
  type Sample,
} from './http.bench';
import { pinSelf, treeCpuUs } from './support/cpu';
import { median } from './support/stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);

interface Topology {
  key: 'one' | 'two';
  label: string;
  serverCpus: string;
  loadCpus: string;
  start: () => Promise<ChildProcess>;
}

async function main(): Promise<void> {
  const a = CONTENDERS.find((c) => c.key === 'a')!;
  const requests = callers();
  const load = loadGenerator(requests);
  const topologies: Topology[] = [
    {
      key: 'one',
      label: 'one process on core 0, load on core 1',
      serverCpus: '0',
      loadCpus: '1',
      start: () => startServer(a, { cpus: '0' }),
    },
    {
      key: 'two',
      label: 'two cluster workers on cores 0-1, load on the same cores',
      serverCpus: '0,1',
      loadCpus: '0,1',
      start: () =>
        startServer(a, {
          cpus: '0,1',
          script: 'bench/servers/cluster.js',
          env: { BENCH_WORKERS: '2' },
        }),
    },
  ];
  console.log(
    `bench:cluster — ${load.name}, ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${DURATION_S} s; node ${process.version}`,
  );
  const samples: Record<string, Array<Sample & { cpuUsPerRequest: number }>> = { one: [], two: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? topologies : [...topologies].reverse();
    for (const topology of order) {
      pinSelf(topology.loadCpus); // autocannon runs in this process
      const child = await topology.start();
      try {
        await load.measure(a.port, 3, topology.loadCpus);
        const cpuBefore = treeCpuUs(child.pid!);
        const sample = await load.measure(a.port, DURATION_S, topology.loadCpus);
        const cpuUsPerRequest = (treeCpuUs(child.pid!) - cpuBefore) / sample.requests;
        samples[topology.key]!.push({ ...sample, cpuUsPerRequest });
        console.log(
          `  round ${round + 1} ${topology.key}: ${Math.round(sample.rps)} req/s, p99 ${sample.p99Ms.toFixed(2)} ms, ` +
            `${cpuUsPerRequest.toFixed(0)} server CPU µs/req, non-2xx ${sample.non2xx}, socket errors ${sample.socketErrors}`,
        );
      } finally {
        await stopServer(child);
      }
    }
  }
  const rps = (key: string) => median(samples[key]!.map((s) => s.rps));
  const cpu = (key: string) => median(samples[key]!.map((s) => s.cpuUsPerRequest));
  console.log('\nmedians');
  for (const topology of topologies) {
    console.log(
      `  ${topology.label.padEnd(58)} ${Math.round(rps(topology.key)).toString().padStart(7)} req/s  ` +
        `${cpu(topology.key).toFixed(0)} server CPU µs/req`,
    );
  }
  console.log(`\ngoals (issue 13; ${load.name}, node ${process.version})`);
  goal('two cores / one core, requests per second', rps('two') / rps('one'), '>=', 1.7);
  report(
    'server CPU µs/req, one core → two cores',
    `${cpu('one').toFixed(0)} → ${cpu('two').toFixed(0)}`,
  );
  printGoalTally('bench:cluster');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
