import { readFile } from 'node:fs/promises';
import {
  buildChatAppToken,
  buildChatUserToken,
  buildRtcTokenWithRtm2,
  buildRtcTokenWithUid,
  buildRtcTokenWithUserAccount,
  buildRtmToken,
  buildToken,
  COMPRESSIONS,
  isTokenError,
  RtcRole,
  type BuilderBase,
  type Compression,
} from '../agora-token';
import { DEV_CREDENTIALS_PATH, readDevCredentials } from '../config/dev-credentials';
import { DENY_REASONS } from '../policy/policy-decision';
import {
  certificateFor,
  EXIT,
  hex32,
  parseFlags,
  PROGRAM,
  usage,
  UsageError,
  type CliIo,
  type Flags,
} from './command';

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

const SHARED = ['app-certificate', 'json', 'allow-numeric-account'];
const SPEC_FLAGS = ['spec', ...SHARED];
const COMMON = [...SHARED, 'app-id', 'expire', 'issued-at', 'salt', 'compression'];
const KIND_FLAGS = {
  rtc: [...COMMON, 'channel', 'uid', 'account', 'role', 'privilege-expire', 'rtm-user-id'],
  rtm: [...COMMON, 'user-id'],
  chat: [...COMMON, 'user-id', 'app'],
};
// The service's rule (src/policy/channel-policy.ts, rule 2).
const ALL_DIGITS = /^[0-9]+$/;
const ROLES: Record<string, RtcRole> = {
  publisher: RtcRole.Publisher,
  subscriber: RtcRole.Subscriber,
};
/** Fields `inspect --json` adds to the spec shape; they describe a token, they do not make one. */
const INSPECTION_ONLY = ['signatureValid', 'signatureNote', 'verdict'];

/** `build`: from a JSON spec, or from flags for the common rtc/rtm/chat cases. */
export async function buildCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = args;
  const kind = first === 'rtc' || first === 'rtm' || first === 'chat' ? first : undefined;
  const flags = kind ? parseFlags(rest, KIND_FLAGS[kind]) : parseFlags(args, SPEC_FLAGS);
  if (flags.has('help')) {
    io.stdout(BUILD_USAGE);
    return EXIT.ok;
  }
  let token: string;
  try {
    token = kind ? buildFromFlags(kind, flags, io) : buildToken(await specFrom(flags, io));
  } catch (error) {
    // Library errors while building are the caller's inputs at fault: usage errors (exit 2).
    throw isTokenError(error) ? new UsageError(error.message, error.code) : error;
  }
  io.stdout(flags.has('json') ? `${JSON.stringify({ token })}\n` : `${token}\n`);
  return EXIT.ok;
}

function buildFromFlags(kind: keyof typeof KIND_FLAGS, flags: Flags, io: CliIo): string {
  if (flags.positionals.length > 0) {
    throw new UsageError(`build ${kind} takes no positional arguments`);
  }
  const allowNumeric = flags.has('allow-numeric-account');
  refuseNumericAccount(flags.text('account'), '--account', allowNumeric, '--uid');
  refuseNumericAccount(flags.text('user-id'), '--user-id', allowNumeric);
  refuseNumericAccount(flags.text('rtm-user-id'), '--rtm-user-id', allowNumeric);
  const base = builderBase(flags, io);
  const expireSeconds = flags.uint('expire') ?? 3600;
  if (kind === 'rtc') {
    return buildRtc(flags, base, expireSeconds);
  }
  if (kind === 'rtm') {
    return buildRtmToken({ ...base, userId: flags.required('user-id'), expireSeconds });
  }
  flags.oneOf(['user-id', 'app'], true);
  return flags.has('app')
    ? buildChatAppToken({ ...base, expireSeconds })
    : buildChatUserToken({ ...base, userId: flags.required('user-id'), expireSeconds });
}

function buildRtc(flags: Flags, base: BuilderBase, tokenExpireSeconds: number): string {
  const channelName = flags.required('channel');
  flags.oneOf(['uid', 'account'], true);
  const user = flags.uint('uid') ?? flags.required('account');
  // Subscriber unless asked: a token that can publish should be a deliberate choice.
  const role =
    ROLES[flags.text('role') ?? 'subscriber'] ?? usage('--role must be publisher or subscriber');
  // Agora's builders default to 0 (left to the server); spelling it out shows in `inspect`.
  const privilegeExpireSeconds = flags.uint('privilege-expire') ?? tokenExpireSeconds;
  const rtmUserId = flags.text('rtm-user-id');
  if (rtmUserId !== undefined) {
    return buildRtcTokenWithRtm2({
      ...base,
      channelName,
      rtcAccount: user,
      rtcRole: role,
      rtcTokenExpireSeconds: tokenExpireSeconds,
      privilegeExpireSeconds: {
        joinChannel: privilegeExpireSeconds,
        publishAudioStream: privilegeExpireSeconds,
        publishVideoStream: privilegeExpireSeconds,
        publishDataStream: privilegeExpireSeconds,
      },
      rtmUserId,
      rtmTokenExpireSeconds: tokenExpireSeconds,
    });
  }
  const options = { ...base, channelName, role, tokenExpireSeconds, privilegeExpireSeconds };
  return typeof user === 'number'
    ? buildRtcTokenWithUid({ ...options, uid: user })
    : buildRtcTokenWithUserAccount({ ...options, account: user });
}

/** App ID and certificate from flags, else the environment, else the development credentials. */
function builderBase(flags: Flags, io: CliIo): BuilderBase {
  const appId =
    flags.text('app-id') ??
    (io.env.AGORA_APP_ID || readDevCredentials(io.cwd).appId) ??
    usage(`--app-id is required (or set AGORA_APP_ID, or ${DEV_CREDENTIALS_PATH})`);
  const found =
    certificateFor(appId, flags, io) ??
    usage(
      '--app-certificate is required (or set AGORA_APP_CERTIFICATE, or ' +
        `${DEV_CREDENTIALS_PATH} with this App ID)`,
    );
  const compression = flags.text('compression') as Compression | undefined;
  if (compression !== undefined && !COMPRESSIONS.includes(compression)) {
    throw new UsageError(`--compression must be one of ${COMPRESSIONS.join(', ')}`);
  }
  return {
    appId: hex32(appId, '--app-id (or AGORA_APP_ID)'),
    appCertificate: hex32(found.certificate, found.source),
    issuedAt: flags.uint('issued-at'),
    salt: flags.uint('salt'),
    compression,
  };
}

/** The spec for `buildToken`: inspection fields dropped, certificate added, accounts checked. */
async function specFrom(flags: Flags, io: CliIo): Promise<unknown> {
  if (flags.positionals.length > 0) {
    throw new UsageError(`unknown build kind (expected rtc, rtm, chat or --spec)`);
  }
  const source = flags.text('spec') ?? usage('needs --spec <file|json|-> or one of rtc, rtm, chat');
  const text = source.trimStart().startsWith('{')
    ? source
    : source === '-'
      ? await io.readStdin()
      : await readFile(source, 'utf8').catch(() => usage(`cannot read spec file '${source}'`));
  let spec: unknown;
  try {
    spec = JSON.parse(text);
  } catch {
    // JSON.parse quotes the text around the error, and a spec holds the certificate.
    throw new UsageError('the spec is not valid JSON', 'ERR_SPEC_INVALID');
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    return spec; // buildToken says what is wrong with it.
  }
  const record = { ...(spec as Record<string, unknown>) };
  const refusal =
    record.escapedStrings !== undefined
      ? 'the inspected token holds text that is not valid UTF-8, shown escaped: rebuilding it ' +
        'from JSON would sign the escapes, not the original bytes'
      : record.unknownServiceType !== undefined
        ? 'the inspected token has a service of a type unknown to this library, which cannot be ' +
          'rebuilt'
        : record.version === '006' && 'crcChannelName' in record
          ? 'a 006 token carries only CRC-32s of its channel and user: write a 006 spec with ' +
            '"channel" and "uid" or "account" (see README) instead of piping inspect --json'
          : undefined;
  if (refusal !== undefined) {
    throw new UsageError(refusal, 'ERR_SPEC_INVALID');
  }
  INSPECTION_ONLY.forEach((field) => delete record[field]);
  const allowed = flags.has('allow-numeric-account');
  const services = Array.isArray(record.services) ? (record.services as unknown[]) : [];
  services.forEach((service, i) => {
    for (const key of ['account', 'userId', 'userUuid']) {
      const value = (service as Record<string, unknown> | null)?.[key];
      refuseNumericAccount(value, `services[${i}].${key}`, allowed);
    }
  });
  if (record.version === '006') {
    refuseNumericAccount(record.account, 'account', allowed, 'uid');
  }
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
  const found =
    certificateFor(record.appId, flags, io) ??
    usage(
      'the spec has no appCertificate: pass --app-certificate, set AGORA_APP_CERTIFICATE, or ' +
        `keep the development credentials in ${DEV_CREDENTIALS_PATH}`,
    );
  return { ...record, appCertificate: hex32(found.certificate, found.source) };
}

/** Refuses an all-digit account or user id as the service does: account "123" is uid 123. */
export function refuseNumericAccount(
  value: unknown,
  flag: string,
  allowed: boolean,
  numericAlternative?: string,
): void {
  if (typeof value !== 'string' || allowed || !ALL_DIGITS.test(value)) {
    return;
  }
  const instead = numericAlternative ? `; use ${numericAlternative} ${value}` : '';
  throw new UsageError(
    `${flag} ${value}: ${DENY_REASONS.ACCOUNT_LOOKS_NUMERIC.message.replace(/; use uid$/, '')}` +
      `${instead}. The service refuses it; --allow-numeric-account builds it anyway`,
    'ACCOUNT_LOOKS_NUMERIC',
  );
}
