/**
 * The command's name. Not `agora-token`: outside this repository `npx agora-token` resolves to
 * Agora's own npm package, a library without a command.
 */
export const PROGRAM = 'agora-token-authority';

/** What a command touches outside itself, so it can run in-process with its own streams and env. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
  env: Readonly<Record<string, string | undefined>>;
  /** Directory that relative paths (e.g. `.agora-dev/credentials.json`) resolve against. */
  cwd: string;
  /** Current time in milliseconds. */
  now(): number;
}

/** A command: parses its own arguments and returns the process exit code. */
export type Command = (args: readonly string[], io: CliIo) => Promise<number> | number;

/** 0 ok; 1 invalid token or signature, or Agora would refuse it; 2 usage error. */
export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

/** An expected failure, reported without a stack; `code` is stable and machine-readable. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/**
 * A mistake in how the command was called (exit 2). `code` is `ERR_USAGE`, a library `ERR_*` code,
 * or the service's own code when the CLI refuses what the service would (`ACCOUNT_LOOKS_NUMERIC`).
 */
export class UsageError extends CliError {
  constructor(message: string, code = 'ERR_USAGE') {
    super(message, code, EXIT_USAGE);
  }
}

export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) {
        chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
      }
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    cwd: process.cwd(),
    now: () => Date.now(),
  };
}
