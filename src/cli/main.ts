import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCommand } from './build-command';
import { CliError, EXIT, PROGRAM, processIo, UsageError, type CliIo } from './command';
import { devJwtCommand } from './dev-jwt-command';
import { inspectCommand } from './inspect-command';

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

const COMMANDS = { inspect: inspectCommand, build: buildCommand, 'dev-jwt': devJwtCommand };

/** Resolves to the exit code, never rejects: `process.exit` could cut off piped stdout. */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    // dist/cli/main.js and src/cli/main.ts are both two levels down.
    const pkg = readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8');
    io.stdout(`${PROGRAM} ${String((JSON.parse(pkg) as { version?: unknown }).version)}\n`);
    return EXIT.ok;
  }
  const known = name !== undefined && Object.hasOwn(COMMANDS, name) ? name : undefined;
  try {
    if (known === undefined) {
      throw new UsageError(name === undefined ? 'missing command' : `unknown command '${name}'`);
    }
    return await COMMANDS[known as keyof typeof COMMANDS](args, io);
  } catch (error) {
    // A bug, not a user error: the message only, no stack (nor inputs, which may be secret).
    const failure =
      error instanceof CliError
        ? error
        : new CliError(
            `unexpected error: ${error instanceof Error ? error.message : String(error)}`,
            'ERR_INTERNAL',
            EXIT.invalid,
          );
    // `--json` anywhere before a `--` terminator, so even a usage error comes out as JSON.
    const end = argv.indexOf('--');
    if ((end === -1 ? argv : argv.slice(0, end)).includes('--json')) {
      io.stdout(`${JSON.stringify({ error: { code: failure.code, message: failure.message } })}\n`);
    } else {
      io.stderr(errorText(failure, known));
    }
    return failure.exitCode;
  }
}

function errorText(failure: CliError, command: string | undefined): string {
  const prefix = command === undefined ? PROGRAM : `${PROGRAM} ${command}`;
  if (failure.exitCode !== EXIT.usage) {
    return `${prefix}: ${failure.message} (${failure.code})\n`;
  }
  if (command === undefined) {
    return `${prefix}: ${failure.message}\n\n${USAGE}`;
  }
  const code = failure.code === 'ERR_USAGE' ? '' : ` (${failure.code})`;
  return `${prefix}: ${failure.message}${code}\nRun "${PROGRAM} ${command} --help" for usage.\n`;
}
