import { performance } from 'node:perf_hooks';

/** A command Redis left unanswered: the connection delivered nothing for the silence window. */
export class RedisSilentError extends Error {
  constructor(silenceMs: number) {
    super(`no reply from Redis for ${silenceMs} ms`);
    this.name = 'RedisSilentError';
  }
}

export interface ReplyWatchOptions {
  readonly silenceMs: number; // how long the connection may deliver no reply at all
  readonly maxWaitMs: number; // the longest one command waits, others answered or not
  readonly now?: () => number; // a monotonic clock, ms
}

// Tells a silent Redis from a busy process (a per-command timer cannot): a deadline is judged after
// two `setImmediate` turns, and only a connection silent for `silenceMs` fails a command.
export class ReplyWatch {
  private readonly now: () => number;
  private lastReplyAt: number;

  constructor(private readonly options: ReplyWatchOptions) {
    this.now = options.now ?? (() => performance.now());
    this.lastReplyAt = this.now();
  }

  watch<T>(command: Promise<T>): Promise<T> {
    const sentAt = this.now();
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const judge = () => {
        if (settled) {
          return;
        }
        const now = this.now();
        const silentFor = now - Math.max(this.lastReplyAt, sentAt);
        if (silentFor >= this.options.silenceMs || now - sentAt >= this.options.maxWaitMs) {
          settled = true;
          reject(new RedisSilentError(this.options.silenceMs));
        } else {
          timer = setTimeout(afterPolls, this.options.silenceMs - silentFor);
        }
      };
      // Two loop turns: a poll phase reads what is ready, up to a bounded number of sockets.
      const afterPolls = () => setImmediate(() => setImmediate(judge));
      timer = setTimeout(afterPolls, this.options.silenceMs);
      command.then(
        (value) => {
          this.lastReplyAt = this.now();
          clearTimeout(timer);
          if (!settled) {
            settled = true;
            resolve(value);
          }
        },
        (error: unknown) => {
          clearTimeout(timer);
          if (!settled) {
            settled = true;
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        },
      );
    });
  }
}
