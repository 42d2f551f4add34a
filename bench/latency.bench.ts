/**
 * `npm run bench:latency`: latency at a constant request rate, open loop (bench/support/open-loop.ts:
 * measured from each request's scheduled send time, so a server stall counts against every request
 * due during it), for (a) our guarded service and (b) Express + `agora-token` without auth.
 * The rate is half of (b)'s saturating rate, measured first in the same run with the closed-loop
 * generator of bench:http (or BENCH_LATENCY_RATE). Server on core 0, generator on core 1; a and b
 * alternate round by round; medians of the rounds' percentiles. Every answer that is not a 201 is
 * counted by status (and failures by error code), warm-up included, so sporadic 408s or 429s show.
 * BENCH_ROUNDS (3), BENCH_LATENCY_S (15), BENCH_LATENCY_RATE, BENCH_LATENCY_CONNECTIONS (32).
 */
import { goal, printGoalTally, report } from './goals';
import {
  callers,
  CONTENDERS,
  CONNECTIONS,
  type Contender,
  loadGenerator,
  startServer,
  stopServer,
} from './http.bench';
import { pinSelf } from './support/cpu';
import { openLoop, type OpenLoopResult } from './support/open-loop';
import { median } from './support/stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_LATENCY_S ?? 15);
const WARM_UP_S = Math.min(3, SECONDS);
const OPEN_CONNECTIONS = Number(process.env.BENCH_LATENCY_CONNECTIONS ?? 32);

/** Milliseconds, or ∞ for a percentile that fell on an unanswered request. */
const ms = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '∞');

const byKey = (key: Contender['key']) => CONTENDERS.find((c) => c.key === key)!;

function describeAnswers(result: OpenLoopResult): string {
  const parts = [...result.statuses]
    .filter(([status]) => status !== 201)
    .map(([status, n]) => `${n}× ${status}`);
  parts.push(...[...result.errors].map(([code, n]) => `${n}× ${code}`));
  return parts.length ? parts.join(', ') : 'all 201';
}

const notCreated = (result: OpenLoopResult) =>
  [...result.statuses].reduce((n, [status, count]) => n + (status === 201 ? 0 : count), 0) +
  [...result.errors.values()].reduce((n, count) => n + count, 0);

async function saturatingRate(requests: ReturnType<typeof callers>): Promise<number> {
  const fixed = Number(process.env.BENCH_LATENCY_RATE);
  if (fixed > 0) {
    console.log(`  rate fixed by BENCH_LATENCY_RATE: ${fixed} req/s`);
    return fixed * 2;
  }
  const load = loadGenerator(requests);
  const b = byKey('b');
  const child = await startServer(b);
  try {
    await load.measure(b.port, 3);
    const sample = await load.measure(b.port, Math.min(10, SECONDS));
    console.log(
      `  (b) saturates at ${Math.round(sample.rps)} req/s (${load.name}, ${CONNECTIONS} connections)`,
    );
    return sample.rps;
  } finally {
    await stopServer(child);
  }
}

async function main(): Promise<void> {
  pinSelf('1');
  const requests = callers();
  console.log(
    `bench:latency — open loop, ${ROUNDS} alternating rounds of ${SECONDS} s (+${WARM_UP_S} s warm-up), ` +
      `up to ${OPEN_CONNECTIONS} keep-alive connections; server on core 0, generator on core 1; node ${process.version}`,
  );
  const rate = Math.round((await saturatingRate(requests)) / 2);
  console.log(`  constant rate: ${rate} req/s (half of (b)'s saturating rate)`);
  const contenders = [byKey('a'), byKey('b')];
  const results: Record<string, OpenLoopResult[]> = { a: [], b: [] };
  const notOk: Record<string, number> = { a: 0, b: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    for (const contender of order) {
      const child = await startServer(contender);
      try {
        const run = (seconds: number) =>
          openLoop({
            port: contender.port,
            path: '/v1/tokens/rtc',
            rate,
            seconds,
            connections: OPEN_CONNECTIONS,
            requests,
          });
        const warmUp = await run(WARM_UP_S);
        const result = await run(SECONDS);
        results[contender.key]!.push(result);
        notOk[contender.key]! += notCreated(warmUp) + notCreated(result);
        console.log(
          `  round ${round + 1} ${contender.key}: ${Math.round(result.achievedRate)} req/s answered, ` +
            `p50 ${ms(result.p50)} ms, p99 ${ms(result.p99)} ms, p99.9 ${ms(result.p999)} ms, ` +
            `max ${ms(result.max, 1)} ms; ${describeAnswers(result)} (warm-up: ${describeAnswers(warmUp)})`,
        );
      } finally {
        await stopServer(child);
      }
    }
  }

  const p = (key: string, pick: (r: OpenLoopResult) => number) => median(results[key]!.map(pick));
  console.log(`\ngoals (issue 13; ${rate} req/s open loop, node ${process.version})`);
  // (b) is the yardstick: if it left requests unanswered too, the run says nothing about (a).
  const bP99 = p('b', (r) => r.p99);
  goal(
    '(a) p99 at half of (b)’s saturating rate',
    Number.isFinite(bP99) ? p('a', (r) => r.p99) : NaN,
    '<=',
    bP99,
    {
      unit: 'ms',
      format: (n) => ms(n),
      note: Number.isFinite(bP99)
        ? '(the goal is (b)’s p99 in this run)'
        : '((b) left requests unanswered: no yardstick, run on an idle machine)',
    },
  );
  goal('(a) answers that were not 201, or none', notOk.a!, '<=', 0, { format: String });
  report(
    '(a) p50 / p99.9 / max',
    `${ms(p('a', (r) => r.p50))} / ${ms(p('a', (r) => r.p999))} / ${ms(
      p('a', (r) => r.max),
      1,
    )} ms`,
  );
  report(
    '(b) p50 / p99.9 / max',
    `${ms(p('b', (r) => r.p50))} / ${ms(p('b', (r) => r.p999))} / ${ms(
      p('b', (r) => r.max),
      1,
    )} ms`,
  );
  report('(b) answers that were not 201, or none', String(notOk.b));
  printGoalTally('bench:latency');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
