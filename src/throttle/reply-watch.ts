import { performance } from 'node:perf_hooks';

/** A command Redis left unanswered: the connection delivered nothing for the silence window. */
export class RedisSilentError extends Error {
  constructor(silenceMs: number) {
    super(`no reply from Redis for ${silenceMs} ms`);
    this.name = 'RedisSilentError';
  }
}

export interface ReplyWatchOptions {
  /** How long the connection may deliver no reply at all while a command waits. */
  readonly silenceMs: number;
  /** The longest one command waits, replies to others arriving or not. */
  readonly maxWaitMs: number;
  /** Milliseconds on a monotonic clock; injectable for tests. */
  readonly now?: () => number;
}

/**
 * Tells a Redis that does not answer from a process too busy to read its answers. A per-command
 * timer (ioredis's `commandTimeout`) cannot: under a burst the timer phase runs before the poll
 * phase that would read a reply already on the socket, so commands "time out" against a healthy
 * Redis and every replica falls back to its own memory (N replicas, N times the limit). So a
 * deadline is judged only after two `setImmediate` turns (each after a poll phase), and an
 * unanswered command fails only if the whole connection was silent for `silenceMs` (no reply
 * since it was sent, or since the last reply) or it waited `maxWaitMs`.
 */
export class ReplyWatch {
  private readonly now: () => number;
  private lastReplyAt: number;

  constructor(private readonly options: ReplyWatchOptions) {
    this.now = options.now ?? (() => performance.now());
    this.lastReplyAt = this.now();
  }

  /** `command`'s outcome, or a RedisSilentError once Redis is judged unresponsive. */
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
