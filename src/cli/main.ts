import { UsageError } from './args';
import { buildCommand } from './build-command';
import { devJwtCommand } from './dev-jwt-command';
import { inspectCommand } from './inspect-command';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, processIo, type CliIo, type Command } from './io';

export const USAGE = `Usage: agora-token <command> [options]

Commands:
  inspect <token|->   describe a token of any version and check its signature
  build ...           build a token from a JSON spec, or rtc/rtm/chat from flags
  dev-jwt             mint a development JWT for the local service

Run "agora-token <command> --help" for a command's options.
Exit codes: 0 ok, 1 invalid token or signature, 2 usage error.
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
  const command = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    const problem = name === undefined ? 'missing command' : `unknown command '${name}'`;
    io.stderr(`agora-token: ${problem}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  try {
    return await command(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(
        `agora-token ${name}: ${error.message}\nRun "agora-token ${name} --help" for usage.\n`,
      );
      return EXIT_USAGE;
    }
    // A bug, not a user error: the message only, no stack (and no inputs, which may be secret).
    io.stderr(
      `agora-token ${name}: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return EXIT_INVALID;
  }
}
