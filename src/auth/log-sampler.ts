/**
 * Decides which of many similar events get a log line: at most `perKey` lines per key (a client)
 * and `maxKeys` keys per fixed window of `windowMs`, so any flood, from however many addresses,
 * writes at most `perKey × maxKeys` lines per window and holds at most `maxKeys` entries. Events
 * held back are counted, and the next line allowed reports the count.
 */
export class LogSampler {
  private windowStart = Number.NEGATIVE_INFINITY;
  private readonly counts = new Map<string, number>();
  private suppressed = 0;

  constructor(
    private readonly windowMs: number,
    private readonly perKey: number,
    private readonly maxKeys: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Undefined: do not log. Otherwise the number of events held back since the last line. */
  take(key: string): number | undefined {
    const now = this.now();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.counts.clear();
    }
    const count = this.counts.get(key) ?? 0;
    if (count >= this.perKey || (count === 0 && this.counts.size >= this.maxKeys)) {
      this.suppressed += 1;
      return undefined;
    }
    this.counts.set(key, count + 1);
    const held = this.suppressed;
    this.suppressed = 0;
    return held;
  }
}
