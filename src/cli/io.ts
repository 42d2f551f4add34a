/**
 * The command's name. Not `agora-token`: outside this repository `npx agora-token` resolves to
 * Agora's own npm package, a library without a command.
 */
export const PROGRAM = 'agora-token-authority';

/**
 * Everything a command touches outside itself. Commands take it as a parameter instead of reaching
 * for `process`, so they can run in-process (tests, other tools) with their own streams and env.
 */
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

/**
 * Exit codes: 0 ok; 1 invalid token or signature, or a token Agora would refuse for the expected
 * channel, user, App ID or time; 2 usage error (bad flags, spec or inputs).
 */
export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

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
