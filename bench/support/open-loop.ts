/**
 * An open-loop load generator: requests go out on a fixed schedule (request i at start + i/rate)
 * whether or not earlier ones have been answered, and each latency is measured from the request's
 * scheduled send time, not from when a free connection let it go. A closed-loop tool (wrk,
 * autocannon) stops sending while the server stalls, so a pause shows up as one slow request
 * instead of the hundreds that were due during it ("coordinated omission"); this does not.
 * HTTP/1.1 keep-alive over at most `connections` sockets; a request with no free socket waits in the
 * agent's queue, and that wait counts in its latency. Timer granularity is about a millisecond, so
 * requests due within the same millisecond leave together (their latency still counts from each
 * one's own scheduled time).
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { percentile } from './stats';

export interface OpenLoopOptions {
  port: number;
  path: string;
  /** Requests per second. */
  rate: number;
  seconds: number;
  connections: number;
  requests: Array<{ authorization: string; body: string }>;
  /** A request not answered within this is counted as a timeout. */
  timeoutMs?: number;
}

export interface OpenLoopResult {
  scheduled: number;
  /**
   * Latency in ms of every scheduled request, sorted ascending; a request never answered (error,
   * timeout) counts as infinitely late, so it weighs on the percentiles instead of dropping out.
   */
  latenciesMs: Float64Array;
  /** Answered requests by HTTP status. */
  statuses: Map<number, number>;
  /** Requests without an answer, by error code ('timeout' included). */
  errors: Map<string, number>;
  /** Answered requests per second over the run. */
  achievedRate: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const total = Math.max(1, Math.round(options.rate * options.seconds));
  const interval = 1000 / options.rate;
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies = new Float64Array(total).fill(Infinity);
  const statuses = new Map<number, number>();
  const errors = new Map<string, number>();
  const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);
  let answered = 0;
  let finished = 0;
  let allDone: () => void = () => undefined;
  const done = new Promise<void>((r) => (allDone = r));
  const settle = () => {
    if (++finished === total) {
      allDone();
    }
  };

  const send = (i: number, scheduledAt: number) => {
    const caller = options.requests[i % options.requests.length]!;
    let settled = false;
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port: options.port,
        method: 'POST',
        path: options.path,
        headers: {
          authorization: caller.authorization,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(caller.body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (!settled) {
            settled = true;
            latencies[i] = performance.now() - scheduledAt;
            answered++;
            bump(statuses, res.statusCode ?? 0);
            settle();
          }
        });
      },
    );
    req.setTimeout(timeoutMs, () =>
      req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })),
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!settled) {
        settled = true;
        bump(errors, error.code ?? error.message);
        settle();
      }
    });
    req.end(caller.body);
  };

  const start = performance.now();
  let next = 0;
  await new Promise<void>((resolveSent) => {
    const pump = () => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) {
        send(next, start + next * interval);
        next++;
      }
      if (next < total) {
        setTimeout(pump, Math.max(0, start + next * interval - performance.now()));
      } else {
        resolveSent();
      }
    };
    pump();
  });
  // Bounded: every request is answered, fails, or times out within timeoutMs of being sent.
  await Promise.race([done, new Promise((r) => setTimeout(r, timeoutMs + 1000))]);
  agent.destroy();
  const unsettled = total - finished;
  if (unsettled > 0) {
    errors.set('unanswered', (errors.get('unanswered') ?? 0) + unsettled);
  }
  const sorted = latencies.sort();
  return {
    scheduled: total,
    latenciesMs: sorted,
    statuses,
    errors,
    achievedRate: answered / options.seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    p999: percentile(sorted, 99.9),
    max: sorted[sorted.length - 1]!,
  };
}
