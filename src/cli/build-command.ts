import { buildToken, isTokenError } from '../agora-token';
import { parseFlags, readSource, UsageError } from './args';
import { buildFlagSpec, buildFromFlags, BUILD_KINDS } from './build-flags';
import { EXIT_OK, type CliIo } from './io';

export const BUILD_USAGE = `Usage: agora-token build --spec <file|json|->
       agora-token build rtc  --channel NAME (--uid N | --account S) [options]
       agora-token build rtm  --user-id ID [options]
       agora-token build chat (--user-id ID | --app) [options]

Prints the token and a newline.

--spec takes a path, an inline JSON object (starting with "{") or "-" for stdin. The spec is
the JSON shape printed by "inspect --json": a 007 token, or 006 with "version": "006".

Options of rtc, rtm and chat:
  --app-id HEX              32 hex characters (default: env AGORA_APP_ID)
  --app-certificate HEX     32 hex characters (default: env AGORA_APP_CERTIFICATE)
  --expire SECONDS          token lifetime (default 3600)
  --issued-at UNIX          issue time in unix seconds (default: now)
  --salt N                  0..4294967295 (default: random 1..99999999)
  --compression MODE        stored (default), zlib or canonical (the bytes of Agora's
                            Python/Java/C++ references)
Options of rtc only:
  --role ROLE               publisher or subscriber (default subscriber)
  --privilege-expire SECONDS
                            lifetime of the privileges (default: --expire)
  --rtm-user-id ID          also grant RTM login to this user id for --expire seconds
  -h, --help                show this help
`;

/** `agora-token build`: from a JSON spec, or from flags for the common rtc/rtm/chat cases. */
export async function buildCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = args;
  const kind = BUILD_KINDS.find((known) => known === first);
  const flags = kind ? parseFlags(rest, buildFlagSpec(kind)) : parseFlags(args, { spec: 'string' });
  if (flags.has('help')) {
    io.stdout(BUILD_USAGE);
    return EXIT_OK;
  }
  if (kind) {
    return print(io, () => buildFromFlags(kind, flags, io.env));
  }
  if (flags.positionals.length > 0) {
    throw new UsageError(`unknown build kind (expected rtc, rtm, chat or --spec)`);
  }
  const source = flags.text('spec');
  if (source === undefined) {
    throw new UsageError('needs --spec <file|json|-> or one of rtc, rtm, chat');
  }
  const text = source.trimStart().startsWith('{') ? source : await readSource(source, io, 'spec');
  let spec: unknown;
  try {
    spec = JSON.parse(text);
  } catch {
    // JSON.parse quotes the text around the error, and a spec holds the certificate.
    throw new UsageError('the spec is not valid JSON');
  }
  return print(io, () => buildToken(spec));
}

/** Library errors while building are the caller's inputs at fault: usage errors (exit 2). */
function print(io: CliIo, build: () => string): number {
  let token: string;
  try {
    token = build();
  } catch (error) {
    if (isTokenError(error)) {
      throw new UsageError(`${error.message} (${error.code})`);
    }
    throw error;
  }
  io.stdout(`${token}\n`);
  return EXIT_OK;
}
