import { parseArgs } from 'node:util';
import { HEX32, UINT32_MAX } from '../agora-token';
import { DEV_CREDENTIALS_PATH, readDevCredentials } from '../config/dev-credentials';

/** Not `agora-token`: that is Agora's own npm package, a library without a command. */
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

/** Exit codes: 1 for an invalid token or signature, or one Agora would refuse; 2 for bad usage. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

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

/** A mistake in the call: `ERR_USAGE`, a library `ERR_*` code, or the service's own code. */
export class UsageError extends CliError {
  constructor(message: string, code = 'ERR_USAGE') {
    super(message, code, EXIT.usage);
  }
}

/** Throws a UsageError; for expressions such as `value ?? usage('--x is required')`. */
export function usage(message: string, code?: string): never {
  throw new UsageError(message, code);
}

export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    cwd: process.cwd(),
    now: () => Date.now(),
  };
}

// Plain decimal only: "12abc", "1.5", "-1", "0x10", "1e3" and " 7" are all refused.
const DECIMAL = /^(0|[1-9][0-9]*)$/;

/** Parsed flags with typed, validating getters. Error messages name the flag, never its value. */
export class Flags {
  constructor(
    private readonly values: Readonly<Record<string, string | boolean | undefined>>,
    readonly positionals: readonly string[],
  ) {}

  has(name: string): boolean {
    return this.values[name] !== undefined;
  }

  text(name: string): string | undefined {
    const value = this.values[name];
    return typeof value === 'string' ? value : undefined;
  }

  required(name: string): string {
    return this.text(name) ?? usage(`--${name} is required`);
  }

  /** An unsigned integer flag in min..max (default 0..2^32-1), or undefined when absent. */
  uint(name: string, min = 0): number | undefined {
    const value = this.text(name);
    if (value !== undefined && (!DECIMAL.test(value) || +value < min || +value > UINT32_MAX)) {
      throw new UsageError(`--${name} must be a decimal integer in ${min}..${UINT32_MAX}`);
    }
    return value === undefined ? undefined : Number(value);
  }

  /** At most one of the named flags; with `required`, exactly one. */
  oneOf(names: readonly string[], required: boolean): void {
    const given = names.filter((name) => this.has(name)).length;
    if (given > 1 || (required && given === 0)) {
      const list = names.map((name) => `--${name}`).join(' or ');
      throw new UsageError(`needs ${required ? 'exactly' : 'at most'} one of ${list}`);
    }
  }
}

const BOOLEAN_FLAGS = ['json', 'allow-numeric-account', 'app'];

/** Strict node:util parseArgs (plus `-h, --help`); its errors never echo a value: usage errors. */
export function parseFlags(args: readonly string[], names: readonly string[]): Flags {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const name of names) {
    options[name] = { type: BOOLEAN_FLAGS.includes(name) ? 'boolean' : 'string' };
  }
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, allowPositionals: true });
    return new Flags(values, positionals);
  } catch (error) {
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE')) {
      throw new UsageError(error.message.split('\n')[0] ?? 'invalid arguments');
    }
    throw error;
  }
}

/** App IDs and certificates are 32 hex characters; checked here so the message names the flag. */
export function hex32(value: string, what: string): string {
  if (!HEX32.test(value)) {
    throw new UsageError(`${what} must be exactly 32 hexadecimal characters`);
  }
  return value;
}

/** `appId`'s certificate: flag, else env if for that App ID, else the dev file; never another's. */
export function certificateFor(
  appId: string,
  flags: Flags,
  io: CliIo,
): { certificate: string; source: string } | undefined {
  const flag = flags.text('app-certificate');
  if (flag !== undefined) {
    return { certificate: flag, source: '--app-certificate' };
  }
  const fromEnv = io.env.AGORA_APP_CERTIFICATE;
  if (fromEnv && (!io.env.AGORA_APP_ID || io.env.AGORA_APP_ID === appId)) {
    return { certificate: fromEnv, source: 'AGORA_APP_CERTIFICATE' };
  }
  const file = readDevCredentials(io.cwd);
  if (file.appCertificate !== undefined && file.appId === appId) {
    return { certificate: file.appCertificate, source: DEV_CREDENTIALS_PATH };
  }
  return undefined;
}
