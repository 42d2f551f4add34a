/**
 * An expected failure of a command, reported without a stack: the message on stderr, or with
 * --json as `{"error":{"code","message"}}` on stdout. `code` is stable and machine-readable.
 */
export class CliError extends Error {
  override readonly name: string = 'CliError';

  constructor(
    message: string,
    readonly code: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
