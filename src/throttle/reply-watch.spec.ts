import { RedisSilentError, ReplyWatch } from './reply-watch';

/** A command whose reply the test delivers (or never does). */
function pending<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((done, fail) => {
    resolve = done;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe(ReplyWatch.name, () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  const watchAt = () => new ReplyWatch({ silenceMs: 250, maxWaitMs: 1000, now: () => Date.now() });
  const outcome = <T>(promise: Promise<T>) => {
    const seen: { value?: T; error?: unknown } = {};
    promise.then(
      (value) => (seen.value = value),
      (error: unknown) => (seen.error = error),
    );
    return seen;
  };

  it('should pass a reply through', async () => {
    const command = pending<string>();
    const result = watchAt().watch(command.promise);
    command.resolve('OK');
    await expect(result).resolves.toBe('OK');
  });

  it('should pass an error through', async () => {
    const command = pending<string>();
    const result = watchAt().watch(command.promise);
    command.reject(new Error('READONLY'));
    await expect(result).rejects.toThrow('READONLY');
  });

  it('should fail a command once the connection has been silent for the window', async () => {
    const seen = outcome(watchAt().watch(pending<string>().promise));
    await jest.advanceTimersByTimeAsync(249);
    expect(seen).toEqual({});
    // The fake clock counts each setImmediate turn as 1 ms.
    await jest.advanceTimersByTimeAsync(10);
    expect(seen.error).toBeInstanceOf(RedisSilentError);
    expect((seen.error as Error).message).toBe('no reply from Redis for 250 ms');
  });

  it('should keep waiting while replies to other commands arrive, up to maxWaitMs', async () => {
    const watch = watchAt();
    const stuck = outcome(watch.watch(pending<string>().promise));
    // Redis keeps answering other commands every 100 ms: busy, not gone.
    for (let t = 0; t < 900; t += 100) {
      await jest.advanceTimersByTimeAsync(100);
      const other = pending<string>();
      const answered = watch.watch(other.promise);
      other.resolve('OK');
      await answered;
    }
    expect(stuck).toEqual({});
    await jest.advanceTimersByTimeAsync(300);
    expect(stuck.error).toBeInstanceOf(RedisSilentError);
  });

  it('should not fail a command answered before its deadline is judged', async () => {
    const command = pending<string>();
    const seen = outcome(watchAt().watch(command.promise));
    // The timer fires; the reply is read in the poll phase before the judgement runs.
    jest.advanceTimersByTime(250);
    command.resolve('OK');
    await jest.advanceTimersByTimeAsync(0);
    jest.runAllTicks();
    await jest.advanceTimersByTimeAsync(0);
    expect(seen).toEqual({ value: 'OK' });
  });
});
