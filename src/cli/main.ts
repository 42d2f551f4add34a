import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './args';
import { buildCommand } from './build-command';
import { CliError } from './cli-error';
import { devJwtCommand } from './dev-jwt-command';
import { inspectCommand } from './inspect-command';
import {
  EXIT_INVALID,
  EXIT_OK,
  EXIT_USAGE,
  PROGRAM,
  processIo,
  type CliIo,
  type Command,
} from './io';

export const USAGE = `Usage: ${PROGRAM} <command> [options]

Commands:
  inspect <token|->   describe a token of any version, check its signature, and say whether
                      Agora would accept it for a channel, user and App ID
  build ...           build a token from a JSON spec, or rtc/rtm/chat from flags
  dev-jwt             mint a development JWT for the local service

Options:
  --json              (with any command) JSON on stdout, errors too: {"error":{"code","message"}}
  -V, --version       print the version
  -h, --help          show this help

Run "${PROGRAM} <command> --help" for a command's options.
Exit codes: 0 ok, 1 invalid token or signature (or Agora would refuse it), 2 usage error.
`;

const COMMANDS: Readonly<Record<string, Command>> = {
  inspect: inspectCommand,
  build: buildCommand,
  'dev-jwt': devJwtCommand,
};

/**
 * Runs one CLI invocation and resolves to its exit code; it never rejects. The caller sets
 * `process.exitCode` rather than calling `process.exit`, which could cut off piped stdout.
 */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.stdout(`${PROGRAM} ${version()}\n`);
    return EXIT_OK;
  }
  const json = wantsJson(argv);
  const command = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  try {
    if (command === undefined) {
      const problem = name === undefined ? 'missing command' : `unknown command '${name}'`;
      throw new UsageError(problem);
    }
    return await command(args, io);
  } catch (error) {
    const failure =
      error instanceof CliError
        ? error
        : // A bug, not a user error: the message only, no stack (nor inputs, which may be secret).
          new CliError(
            `unexpected error: ${error instanceof Error ? error.message : String(error)}`,
            'ERR_INTERNAL',
            EXIT_INVALID,
          );
    report(failure, name, json, io);
    return failure.exitCode;
  }
}

function report(failure: CliError, name: string | undefined, json: boolean, io: CliIo): void {
  if (json) {
    io.stdout(`${JSON.stringify({ error: { code: failure.code, message: failure.message } })}\n`);
    return;
  }
  const known = name !== undefined && Object.hasOwn(COMMANDS, name);
  const prefix = known ? `${PROGRAM} ${name}` : PROGRAM;
  if (failure.exitCode !== EXIT_USAGE) {
    io.stderr(`${prefix}: ${failure.message} (${failure.code})\n`);
  } else if (known) {
    const code = failure.code === 'ERR_USAGE' ? '' : ` (${failure.code})`;
    io.stderr(`${prefix}: ${failure.message}${code}\nRun "${PROGRAM} ${name} --help" for usage.\n`);
  } else {
    io.stderr(`${prefix}: ${failure.message}\n\n${USAGE}`);
  }
}

/** `--json` anywhere before a `--` terminator, so even a usage error comes out as JSON. */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/** The version of package.json: dist/cli/main.js and src/cli/main.ts are both two levels down. */
function version(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    version?: unknown;
  };
  return String(pkg.version);
}
