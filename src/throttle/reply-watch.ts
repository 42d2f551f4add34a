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
 * Tells a Redis that does not answer from a process too busy to read its answers.
 *
 * A plain per-command timer (ioredis's `commandTimeout`) cannot: when a burst saturates the event
 * loop, the timer phase runs before the poll phase that would read the reply already waiting on
 * the socket, so every command "times out" against a healthy Redis and each replica falls back to
 * counting in its own memory (N replicas, N times the limit).
 *
 * So a command's deadline is judged only after the loop has read its sockets (two `setImmediate`
 * turns, each after a poll phase): whatever Redis had sent by then has been delivered. A command
 * still unanswered is a failure only if the connection as a whole has been silent for
 * `silenceMs` (no reply to any command since this one was sent, or since the last reply), or
 * it has waited `maxWaitMs`. A Redis that is stopped, hung or unreachable answers nothing, so
 * the first command fails after `silenceMs`; a busy one keeps answering, so commands wait.
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
