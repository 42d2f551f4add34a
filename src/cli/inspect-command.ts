import { inspectToken, isTokenError, type InspectOptions } from '../agora-token';
import { hex32, parseFlags, UsageError } from './args';
import { formatReport } from './inspect-report';
import { EXIT_INVALID, EXIT_OK, type CliIo } from './io';

export const INSPECT_USAGE = `Usage: agora-token inspect <token|-> [options]

Describes a token of any version: 007, 006, 005 (DynamicKey5), 004, 003, DynamicKey2,
DynamicKey (v1) and SignalingToken. Reads the token from stdin when it is "-".

Options:
  --app-certificate HEX  verify the signature (32 hex characters)
  --channel NAME         the channel the token was made for (legacy formats sign it
                         without carrying it)
  --uid N                the numeric uid the token was made for
  --account S            the user account the token was made for (signalling: the account)
  --json                 print the inspection as JSON instead of the report
  -h, --help             show this help

Exit codes: 0 ok, 1 invalid token or signature, 2 usage error.
`;

const FLAGS = {
  'app-certificate': 'string',
  channel: 'string',
  uid: 'string',
  account: 'string',
  json: 'boolean',
} as const;

/** `agora-token inspect`: the report (or JSON) on stdout; exit 1 for a bad token or signature. */
export async function inspectCommand(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, FLAGS);
  if (flags.has('help')) {
    io.stdout(INSPECT_USAGE);
    return EXIT_OK;
  }
  const [source, ...extra] = flags.positionals;
  if (source === undefined || extra.length > 0) {
    throw new UsageError('needs exactly one token (or "-" to read it from stdin)');
  }
  flags.oneOf(['uid', 'account'], false);
  const options: InspectOptions = {};
  const certificate = flags.text('app-certificate');
  if (certificate !== undefined) {
    options.appCertificate = hex32(certificate, '--app-certificate');
  }
  const channel = flags.text('channel');
  if (channel !== undefined) {
    options.channelName = channel;
  }
  const uid = flags.uint('uid') ?? flags.text('account');
  if (uid !== undefined) {
    options.uid = uid;
  }
  // Only the token is trimmed: people paste it with a trailing newline; channels are exact bytes.
  const token = (source === '-' ? await io.readStdin() : source).trim();

  let inspected;
  try {
    inspected = inspectToken(token, options);
  } catch (error) {
    if (isTokenError(error)) {
      io.stderr(`agora-token inspect: invalid token: ${error.message} (${error.code})\n`);
      return EXIT_INVALID;
    }
    throw error;
  }
  io.stdout(
    flags.has('json')
      ? `${JSON.stringify(inspected, null, 2)}\n`
      : formatReport(inspected, Math.floor(io.now() / 1000)),
  );
  if (inspected.signatureValid === false) {
    io.stderr('agora-token inspect: the signature is INVALID for the given inputs\n');
    return EXIT_INVALID;
  }
  return EXIT_OK;
}
