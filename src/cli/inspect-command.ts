import {
  checkToken,
  inspectToken,
  isTokenError,
  type InspectedToken,
  type InspectOptions,
  type TokenVerdict,
} from '../agora-token';
import { hex32, parseFlags, UsageError, type Flags } from './args';
import { certificateFor, type FoundCertificate } from './certificate-source';
import { CliError } from './cli-error';
import { DEV_CREDENTIALS_PATH } from '../config/dev-credentials';
import { formatReport } from './inspect-report';
import { EXIT_INVALID, EXIT_OK, PROGRAM, type CliIo } from './io';
import { formatVerdict, refusalSummary } from './verdict-report';

export const INSPECT_USAGE = `Usage: ${PROGRAM} inspect <token|-> [options]

Describes a token of any version: 007, 006, 005 (DynamicKey5), 004, 003, DynamicKey2,
DynamicKey (v1) and SignalingToken. Reads the token from stdin when it is "-".

Would Agora accept it? Give what the client sends and the report ends with a check of each
thing Agora compares (App ID, channel, uid/account, signature, expiry), naming the ones that
would make Agora answer 109 (token expired) or 110 (invalid token); any of them exits 1.

Options:
  --app-id HEX           the App ID the client uses (32 hex characters)
  --channel NAME         the channel it joins (legacy formats sign it without carrying it)
  --uid N                the numeric uid it joins with
  --account S            or the user account it joins with (signalling: the account)
  --at UNIX              judge expiry at this unix time (default: now)
  --app-certificate HEX  verify the signature (32 hex characters). Without it: the
                         environment's AGORA_APP_CERTIFICATE (unless AGORA_APP_ID names another
                         App ID), else the development certificate of
                         ${DEV_CREDENTIALS_PATH} when the token is for its App ID
  --json                 print the inspection (and "verdict") as JSON instead of the report
  -h, --help             show this help

Exit codes: 0 ok, 1 invalid token or signature, or a check failed, 2 usage error.
`;

const FLAGS = {
  'app-certificate': 'string',
  'app-id': 'string',
  channel: 'string',
  uid: 'string',
  account: 'string',
  at: 'string',
  json: 'boolean',
} as const;

/** Flags that describe the client, and so ask for a verdict. */
const EXPECTATION_FLAGS = ['app-id', 'channel', 'uid', 'account', 'at'];

/** `inspect`: the report (or JSON) on stdout; exit 1 for a bad token, signature or check. */
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
  const certificateFlag = flags.text('app-certificate');
  if (certificateFlag !== undefined) {
    hex32(certificateFlag, '--app-certificate');
  }
  const appId = flags.text('app-id');
  if (appId !== undefined) {
    hex32(appId, '--app-id');
  }
  const options: InspectOptions = {};
  const channel = flags.text('channel');
  if (channel !== undefined) {
    options.channelName = channel;
  }
  const uid = flags.uint('uid') ?? flags.text('account');
  if (uid !== undefined) {
    options.uid = uid;
  }
  const at = flags.uint('at');
  // Only the token is trimmed: people paste it with a trailing newline; channels are exact bytes.
  const token = (source === '-' ? await io.readStdin() : source).trim();

  // Read once to learn the App ID, which decides which stored certificate (if any) applies.
  let inspected = read(token, options);
  const found = certificateFor(inspected.appId, flags, io);
  if (found !== undefined) {
    hex32(found.certificate, found.source);
    inspected = read(token, { ...options, appCertificate: found.certificate });
  }
  const verdict = EXPECTATION_FLAGS.some((name) => flags.has(name))
    ? checkToken(inspected, {
        appId,
        channelName: channel,
        uid,
        nowSeconds: at ?? Math.floor(io.now() / 1000),
      })
    : undefined;
  print(io, flags, inspected, verdict, found);
  if (inspected.signatureValid === false || verdict?.accepted === false) {
    if (!flags.has('json')) {
      io.stderr(
        verdict?.accepted === false
          ? `${PROGRAM} inspect: Agora would refuse this token: ${refusalSummary(verdict)}\n`
          : `${PROGRAM} inspect: the signature is INVALID for the given inputs\n`,
      );
    }
    return EXIT_INVALID;
  }
  return EXIT_OK;
}

function read(token: string, options: InspectOptions): InspectedToken {
  try {
    return inspectToken(token, options);
  } catch (error) {
    if (isTokenError(error)) {
      throw new CliError(`invalid token: ${error.message}`, error.code, EXIT_INVALID);
    }
    throw error;
  }
}

function print(
  io: CliIo,
  flags: Flags,
  inspected: InspectedToken,
  verdict: TokenVerdict | undefined,
  found: FoundCertificate | undefined,
): void {
  if (flags.has('json')) {
    io.stdout(`${JSON.stringify(verdict ? { ...inspected, verdict } : inspected, null, 2)}\n`);
    return;
  }
  const now = flags.uint('at') ?? Math.floor(io.now() / 1000);
  // The certificate's source, unless the user typed it: a stored one should never surprise.
  const source = found && found.source !== '--app-certificate' ? found.source : undefined;
  io.stdout(formatReport(inspected, now, source));
  if (verdict) {
    io.stdout(formatVerdict(verdict, now));
  }
}
