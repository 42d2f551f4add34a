import { checkToken, inspectToken, isTokenError, type InspectOptions } from '../agora-token';
import { DEV_CREDENTIALS_PATH } from '../config/dev-credentials';
import { certificateFor, hex32, parseFlags } from './args';
import { formatReport, formatVerdict, refusalSummary } from './inspect-report';
import { CliError, EXIT_INVALID, EXIT_OK, PROGRAM, UsageError, type CliIo } from './io';

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

/** Flags that describe the client, and so ask for a verdict. */
const EXPECTATION_FLAGS = ['app-id', 'channel', 'uid', 'account', 'at'];

/** `inspect`: the report (or JSON) on stdout; exit 1 for a bad token, signature or check. */
export async function inspectCommand(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, ['app-certificate', ...EXPECTATION_FLAGS], ['json']);
  if (flags.has('help')) {
    io.stdout(INSPECT_USAGE);
    return EXIT_OK;
  }
  const [source, ...extra] = flags.positionals;
  if (source === undefined || extra.length > 0) {
    throw new UsageError('needs exactly one token (or "-" to read it from stdin)');
  }
  flags.oneOf(['uid', 'account'], false);
  for (const name of ['app-certificate', 'app-id']) {
    const value = flags.text(name);
    if (value !== undefined) {
      hex32(value, `--${name}`);
    }
  }
  const appId = flags.text('app-id');
  const channelName = flags.text('channel');
  const uid = flags.uint('uid') ?? flags.text('account');
  const now = flags.uint('at') ?? Math.floor(io.now() / 1000);
  const options: InspectOptions = {
    ...(channelName !== undefined && { channelName }),
    ...(uid !== undefined && { uid }),
  };
  // Only the token is trimmed: people paste it with a trailing newline; channels are exact bytes.
  const token = (source === '-' ? await io.readStdin() : source).trim();
  const read = (appCertificate?: string) => {
    try {
      return inspectToken(token, appCertificate ? { ...options, appCertificate } : options);
    } catch (error) {
      if (isTokenError(error)) {
        throw new CliError(`invalid token: ${error.message}`, error.code, EXIT_INVALID);
      }
      throw error;
    }
  };
  // Read once to learn the App ID, which decides which stored certificate (if any) applies.
  let inspected = read();
  const found = certificateFor(inspected.appId, flags, io);
  if (found !== undefined) {
    inspected = read(hex32(found.certificate, found.source));
  }
  const verdict = EXPECTATION_FLAGS.some((name) => flags.has(name))
    ? checkToken(inspected, { appId, channelName, uid, nowSeconds: now })
    : undefined;
  if (flags.has('json')) {
    io.stdout(`${JSON.stringify(verdict ? { ...inspected, verdict } : inspected, null, 2)}\n`);
  } else {
    // The certificate's source, unless the user typed it: a stored one should never surprise.
    const shown = found?.source === '--app-certificate' ? undefined : found?.source;
    io.stdout(formatReport(inspected, now, shown));
    if (verdict) {
      io.stdout(formatVerdict(verdict, now));
    }
  }
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
