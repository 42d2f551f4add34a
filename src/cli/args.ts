import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CliError } from './cli-error';
import { EXIT_USAGE, type CliIo } from './io';

/**
 * A mistake in how the command was called: exit code 2. `code` is `ERR_USAGE`, a library `ERR_*`
 * code, or the service's own code when the CLI refuses what the service would refuse (e.g.
 * `ACCOUNT_LOOKS_NUMERIC`).
 */
export class UsageError extends CliError {
  override readonly name = 'UsageError';

  constructor(message: string, code = 'ERR_USAGE') {
    super(message, code, EXIT_USAGE);
  }
}

/** The flags a command accepts, by long name. `--help`/`-h` is added to every command. */
export type FlagSpec = Record<string, 'string' | 'boolean'>;

const UINT32_MAX = 0xffff_ffff;
// Plain decimal only: "12abc", "1.5", "-1", "0x10", "1e3" and " 7" are all refused.
const DECIMAL = /^(0|[1-9][0-9]*)$/;
const HEX32 = /^[0-9a-fA-F]{32}$/;

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

  required(name: string, fallback?: string, fallbackName?: string): string {
    const value = this.text(name) ?? fallback;
    if (value === undefined) {
      throw new UsageError(
        `--${name} is required${fallbackName ? ` (or set ${fallbackName})` : ''}`,
      );
    }
    return value;
  }

  /** An unsigned integer flag in min..max (default 0..2^32-1), or undefined when absent. */
  uint(name: string, { min = 0, max = UINT32_MAX } = {}): number | undefined {
    const value = this.text(name);
    if (value === undefined) {
      return undefined;
    }
    if (!DECIMAL.test(value) || Number(value) < min || Number(value) > max) {
      throw new UsageError(`--${name} must be a decimal integer in ${min}..${max}`);
    }
    return Number(value);
  }

  /** At most one of the named flags; with `required`, exactly one. */
  oneOf(names: readonly string[], required: boolean): void {
    const given = names.filter((name) => this.has(name));
    if (given.length > 1 || (required && given.length === 0)) {
      const list = names.map((name) => `--${name}`).join(' or ');
      throw new UsageError(`needs ${required ? 'exactly' : 'at most'} one of ${list}`);
    }
  }
}

/** node:util parseArgs in strict mode, with its errors turned into usage errors. */
export function parseFlags(args: readonly string[], spec: FlagSpec): Flags {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [name, type] of Object.entries(spec)) {
    options[name] = { type };
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options,
      strict: true,
      allowPositionals: true,
    });
    return new Flags(values, positionals);
  } catch (error) {
    // parseArgs messages name the option but never echo a value (which could be a secret).
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

/** Reads stdin for "-", else a file; used for --spec and the inspect token. */
export async function readSource(source: string, io: CliIo, what: string): Promise<string> {
  if (source === '-') {
    return io.readStdin();
  }
  try {
    return await readFile(source, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${what} file '${source}'`);
  }
}
