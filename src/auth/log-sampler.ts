export interface LogSamplerOptions {
  /** Length of one fixed window. */
  readonly windowMs: number;
  /** Lines allowed per key in a window. */
  readonly perKey: number;
  /** Distinct keys allowed per window; a flood from many addresses is bounded too. */
  readonly maxKeys: number;
  readonly now?: () => number;
}

/**
 * Decides which of many similar events get a log line: at most `perKey` lines per key (a client)
 * and `maxKeys` keys per fixed window, so any flood writes at most `perKey × maxKeys` lines per
 * window and holds at most `maxKeys` entries. Events held back are counted, and the count is
 * reported by the next line allowed.
 */
export class LogSampler {
  private windowStart = Number.NEGATIVE_INFINITY;
  private readonly counts = new Map<string, number>();
  private suppressed = 0;
  private readonly now: () => number;

  constructor(private readonly options: LogSamplerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Undefined: do not log. Otherwise the number of events held back since the last line. */
  take(key: string): number | undefined {
    const now = this.now();
    if (now - this.windowStart >= this.options.windowMs) {
      this.windowStart = now;
      this.counts.clear();
    }
    const count = this.counts.get(key) ?? 0;
    if (count >= this.options.perKey || (count === 0 && this.counts.size >= this.options.maxKeys)) {
      this.suppressed += 1;
      return undefined;
    }
    this.counts.set(key, count + 1);
    const held = this.suppressed;
    this.suppressed = 0;
    return held;
  }
}
