/**
 * One way for every benchmark to print the performance goals (issue 13): a `PASS` or `MISS` line per
 * goal with the measured figure beside the target, then a tally. A MISS is a result, not a failure
 * of the harness, so it does not change the exit code unless BENCH_STRICT=1 (for a gate that wants
 * one); a harness error (a server that will not start, a load generator without a result) does.
 */

export type Comparison = '>=' | '<=';

interface Outcome {
  label: string;
  pass: boolean;
}

const outcomes: Outcome[] = [];

const fixed = (digits: number) => (n: number) => n.toFixed(digits);

/**
 * Prints `PASS` when `actual op target` holds, else `MISS`. NaN (not measured) is a MISS; infinity
 * (a latency percentile that fell on an unanswered request) prints as ∞ and compares as such.
 * Returns whether it passed.
 */
export function goal(
  label: string,
  actual: number,
  op: Comparison,
  target: number,
  options: { unit?: string; format?: (n: number) => string; note?: string } = {},
): boolean {
  const format = options.format ?? fixed(2);
  const unit = options.unit ? ` ${options.unit}` : '';
  const measured = !Number.isNaN(actual);
  const pass = measured && (op === '>=' ? actual >= target : actual <= target);
  outcomes.push({ label, pass });
  const figure = !measured
    ? 'not measured'
    : Number.isFinite(actual)
      ? `${format(actual)}${unit}`
      : '∞';
  const note = options.note ? `  ${options.note}` : '';
  console.log(
    `  ${pass ? 'PASS' : 'MISS'}  ${label.padEnd(52)} ${figure.padStart(14)}   goal ${op === '>=' ? '≥' : '≤'} ${format(target)}${unit}${note}`,
  );
  return pass;
}

/** A figure the goals ask to see without a target of its own (p99.9, a/c, GC pause time). */
export function report(label: string, figure: string): void {
  console.log(`  ----  ${label.padEnd(52)} ${figure.padStart(14)}`);
}

/** The tally line; with BENCH_STRICT=1 a MISS makes the exit code 1. */
export function printGoalTally(bench: string): void {
  const missed = outcomes.filter((o) => !o.pass);
  console.log(
    `\n${bench}: ${outcomes.length - missed.length} PASS, ${missed.length} MISS` +
      (missed.length ? ` (${missed.map((o) => o.label).join('; ')})` : ''),
  );
  if (missed.length && process.env.BENCH_STRICT === '1') {
    process.exitCode = 1;
  }
}
