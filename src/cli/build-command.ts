import { buildToken, isTokenError } from '../agora-token';
import { hex32, parseFlags, readSource, UsageError, type Flags } from './args';
import { buildFlagSpec, buildFromFlags, BUILD_KINDS } from './build-flags';
import { certificateFor } from './certificate-source';
import { DEV_CREDENTIALS_PATH } from '../config/dev-credentials';
import { EXIT_OK, PROGRAM, type CliIo } from './io';
import { refuseNumericAccount } from './numeric-account';

export const BUILD_USAGE = `Usage: ${PROGRAM} build --spec <file|json|-> [--app-certificate HEX]
       ${PROGRAM} build rtc  --channel NAME (--uid N | --account S) [options]
       ${PROGRAM} build rtm  --user-id ID [options]
       ${PROGRAM} build chat (--user-id ID | --app) [options]

Prints the token and a newline (with --json: {"token": "..."}).

--spec takes a path, an inline JSON object (starting with "{") or "-" for stdin. The spec is
the JSON shape printed by "inspect --json": a 007 token, or 006 with "version": "006". So
"inspect --json <token> | build --spec -" rebuilds a 007 token: what inspect adds (the
signature and check verdicts) is ignored, and a spec without "appCertificate" takes the
certificate as the other commands do (below).

Certificate and App ID (every form): --app-certificate / --app-id, else the environment's
AGORA_APP_CERTIFICATE / AGORA_APP_ID, else the development credentials the service keeps in
${DEV_CREDENTIALS_PATH} (only for its own App ID).

Options of rtc, rtm and chat:
  --app-id HEX              32 hex characters
  --app-certificate HEX     32 hex characters
  --expire SECONDS          token lifetime (default 3600)
  --issued-at UNIX          issue time in unix seconds (default: now)
  --salt N                  0..4294967295 (default: random 1..99999999)
  --compression MODE        stored (default), zlib or canonical (the bytes of Agora's
                            Python/Java/C++ references)
  --allow-numeric-account   build an all-digit account or user id, which the service refuses
                            (ACCOUNT_LOOKS_NUMERIC: account "123" is the same token as uid 123)
Options of rtc only:
  --role ROLE               publisher or subscriber (default subscriber)
  --privilege-expire SECONDS
                            lifetime of the privileges (default: --expire)
  --rtm-user-id ID          also grant RTM login to this user id for --expire seconds
  --json                    print {"token": "..."}; errors as {"error": {"code", "message"}}
  -h, --help                show this help
`;

/** Fields `inspect --json` adds to the spec shape; they describe a token, they do not make one. */
const INSPECTION_ONLY = ['signatureValid', 'signatureNote', 'verdict'];

/** `build`: from a JSON spec, or from flags for the common rtc/rtm/chat cases. */
export async function buildCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = args;
  const kind = BUILD_KINDS.find((known) => known === first);
  const flags = kind
    ? parseFlags(rest, buildFlagSpec(kind))
    : parseFlags(args, {
        spec: 'string',
        'app-certificate': 'string',
        json: 'boolean',
        'allow-numeric-account': 'boolean',
      });
  if (flags.has('help')) {
    io.stdout(BUILD_USAGE);
    return EXIT_OK;
  }
  if (kind) {
    return print(io, flags, await library(() => buildFromFlags(kind, flags, io)));
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
    throw new UsageError('the spec is not valid JSON', 'ERR_SPEC_INVALID');
  }
  const ready = completeSpec(spec, flags, io);
  return print(io, flags, await library(() => buildToken(ready)));
}

/**
 * The spec as `buildToken` takes it: inspection-only fields dropped, the certificate filled in
 * when the spec has none, and the service's account rule applied.
 */
function completeSpec(spec: unknown, flags: Flags, io: CliIo): unknown {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    return spec; // buildToken says what is wrong with it.
  }
  const record = { ...(spec as Record<string, unknown>) };
  if (record.escapedStrings !== undefined) {
    throw new UsageError(
      'the inspected token holds text that is not valid UTF-8, shown escaped: rebuilding it ' +
        'from JSON would sign the escapes, not the original bytes',
      'ERR_SPEC_INVALID',
    );
  }
  if (record.unknownServiceType !== undefined) {
    throw new UsageError(
      'the inspected token has a service of a type unknown to this library, which cannot be ' +
        'rebuilt',
      'ERR_SPEC_INVALID',
    );
  }
  if (record.version === '006' && 'crcChannelName' in record) {
    throw new UsageError(
      'a 006 token carries only CRC-32s of its channel and user: write a 006 spec with ' +
        '"channel" and "uid" or "account" (see README) instead of piping inspect --json',
      'ERR_SPEC_INVALID',
    );
  }
  for (const field of INSPECTION_ONLY) {
    delete record[field];
  }
  checkAccounts(record, flags.has('allow-numeric-account'));
  const flag = flags.text('app-certificate');
  if (record.appCertificate !== undefined) {
    if (flag !== undefined && flag !== record.appCertificate) {
      throw new UsageError('the spec has an appCertificate and --app-certificate differs from it');
    }
    return record;
  }
  if (typeof record.appId !== 'string') {
    return record; // buildToken names the missing App ID.
  }
  const found = certificateFor(record.appId, flags, io);
  if (found === undefined) {
    throw new UsageError(
      'the spec has no appCertificate: pass --app-certificate, set AGORA_APP_CERTIFICATE, or ' +
        `keep the development credentials in ${DEV_CREDENTIALS_PATH}`,
    );
  }
  return { ...record, appCertificate: hex32(found.certificate, found.source) };
}

/** The service refuses all-digit accounts and user ids in every service; so does the spec path. */
function checkAccounts(record: Record<string, unknown>, allowed: boolean): void {
  const services = Array.isArray(record.services) ? (record.services as unknown[]) : [];
  services.forEach((service, i) => {
    if (typeof service !== 'object' || service === null) {
      return;
    }
    for (const key of ['account', 'userId', 'userUuid']) {
      const value = (service as Record<string, unknown>)[key];
      if (typeof value === 'string') {
        refuseNumericAccount(value, `services[${i}].${key}`, allowed);
      }
    }
  });
  if (record.version === '006' && typeof record.account === 'string') {
    refuseNumericAccount(record.account, 'account', allowed, 'uid');
  }
}

/** Library errors while building are the caller's inputs at fault: usage errors (exit 2). */
async function library(build: () => string | Promise<string>): Promise<string> {
  try {
    return await build();
  } catch (error) {
    if (isTokenError(error)) {
      throw new UsageError(error.message, error.code);
    }
    throw error;
  }
}

function print(io: CliIo, flags: Flags, token: string): number {
  io.stdout(flags.has('json') ? `${JSON.stringify({ token })}\n` : `${token}\n`);
  return EXIT_OK;
}
