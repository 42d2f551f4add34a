import {
  checkToken,
  inspectToken,
  isTokenError,
  SERVICE_NAMES,
  SERVICE_TITLES,
  type Inspected007,
  type InspectedToken,
  type TokenCheck,
  type TokenVerdict,
} from '../agora-token';
import { DEV_CREDENTIALS_PATH } from '../config/dev-credentials';
import { certificateFor, CliError, EXIT, hex32, parseFlags, PROGRAM, UsageError } from './command';
import type { CliIo } from './command';

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
  const flags = parseFlags(args, ['app-certificate', 'json', ...EXPECTATION_FLAGS]);
  if (flags.has('help')) {
    io.stdout(INSPECT_USAGE);
    return EXIT.ok;
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
  const channelName = flags.text('channel');
  const uid = flags.uint('uid') ?? flags.text('account');
  const now = flags.uint('at') ?? Math.floor(io.now() / 1000);
  // Only the token is trimmed: people paste it with a trailing newline; channels are exact bytes.
  const token = (source === '-' ? await io.readStdin() : source).trim();
  const read = (appCertificate?: string) => {
    try {
      return inspectToken(token, { channelName, uid, appCertificate });
    } catch (error) {
      throw isTokenError(error)
        ? new CliError(`invalid token: ${error.message}`, error.code, EXIT.invalid)
        : error;
    }
  };
  // Read once to learn the App ID, which decides which stored certificate (if any) applies.
  let inspected = read();
  const found = certificateFor(inspected.appId, flags, io);
  if (found !== undefined) {
    inspected = read(hex32(found.certificate, found.source));
  }
  const verdict = EXPECTATION_FLAGS.some((name) => flags.has(name))
    ? checkToken(inspected, { appId: flags.text('app-id'), channelName, uid, nowSeconds: now })
    : undefined;
  if (flags.has('json')) {
    io.stdout(`${JSON.stringify(verdict ? { ...inspected, verdict } : inspected, null, 2)}\n`);
  } else {
    // The certificate's source, unless the user typed it: a stored one should never surprise.
    const shown = found?.source === '--app-certificate' ? undefined : found?.source;
    io.stdout(report(inspected, now, shown));
    if (verdict) {
      io.stdout(verdictReport(verdict, now));
    }
  }
  const failure =
    verdict?.accepted === false
      ? `Agora would refuse this token: ${refusalSummary(verdict)}`
      : inspected.signatureValid === false && 'the signature is INVALID for the given inputs';
  if (failure && !flags.has('json')) {
    io.stderr(`${PROGRAM} inspect: ${failure}\n`);
  }
  return failure ? EXIT.invalid : EXIT.ok;
}

// The report, in the spirit of Agora's parse.py: labelled lines, services and privileges by name,
// every time as unix seconds and ISO-8601 UTC relative to `now`.

const TITLES: Record<InspectedToken['version'], string> = {
  '007': 'AccessToken2 (007)',
  '006': 'AccessToken (006)',
  '005': 'DynamicKey5 (005)',
  '004': 'DynamicKey4 (004)',
  '003': 'DynamicKey3 (003)',
  dk2: 'DynamicKey2',
  dk1: 'DynamicKey (v1)',
  signaling: 'SignalingToken (1)',
};

/** "RTC (ServiceType: 1)" by service name. */
const SERVICE_HEADINGS: Record<string, string> = Object.fromEntries(
  Object.entries(SERVICE_NAMES).map(([type, name]) => [
    name,
    `${SERVICE_TITLES[Number(type) as keyof typeof SERVICE_TITLES]} (ServiceType: ${type})`,
  ]),
);

/** Top-level fields of every version in display order, with how each is shown. */
const FIELDS: ReadonlyArray<
  [key: string, label: string, show?: (n: number, now: number) => string]
> = [
  ['appId', 'App ID'],
  ['service', 'Service'],
  ['issuedAt', 'Issued at', instant],
  ['unixTs', 'Issued at', instant],
  ['expire', 'Lifetime', (seconds) => `${seconds} seconds`],
  ['expiresAt', 'Expires at', expiry],
  ['ts', 'Expires at', expiry],
  ['expiredTs', 'Expires at', expiry],
  ['salt', 'Salt'],
  ['randomInt', 'Random'],
  ['uid', 'Uid'],
  ['crcChannelName', 'Channel CRC-32'],
  ['crcUid', 'Uid CRC-32'],
  ['signature', 'Signature (hex)'],
];

/** Service fields shown other than as `key: value` (the heading and the lists). */
const LISTED = ['service', 'privileges', 'permissions'];
const AGORA_ERRORS = { 109: '109 token expired', 110: '110 invalid token' };

/** `certificateSource`: where a certificate the user did not type came from. */
function report(token: InspectedToken, now: number, certificateSource?: string): string {
  const record: Record<string, unknown> = {
    ...token,
    ...(token.version === '007' && { expiresAt: token.issuedAt + token.expire }),
    // DynamicKey5 carries its service as a number; DynamicKey4 names the one its signature matched.
    ...(token.version === '005' && { service: `${token.service} (${token.serviceType})` }),
  };
  const title = `Token ${TITLES[token.version]}`;
  const lines = [title, '='.repeat(title.length)];
  for (const [key, label, show] of FIELDS) {
    const value = record[key] as string | number | undefined;
    if (value !== undefined) {
      lines.push(row(label, show ? show(Number(value), now) : String(value)));
    }
  }
  const source = certificateSource === undefined ? '' : ` (certificate from ${certificateSource})`;
  lines.push(signatureRow(token) + source);
  if (token.version === '007') {
    lines.push(...serviceLines(token, now));
  }
  if (token.version === '006') {
    lines.push('', `Privileges (${Object.keys(token.privileges).length})`);
    for (const [name, at] of Object.entries(token.privileges)) {
      lines.push(`  - ${privilegeName(name)}: ${expiry(at, now)}`);
    }
  }
  if (token.version === '005' && Object.keys(token.extra).length > 0) {
    lines.push(
      '',
      'Extra',
      ...Object.entries(token.extra).map(([key, value]) => `  - ${key}: ${value}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

function serviceLines(token: Inspected007, now: number): string[] {
  const lines = ['', `Services (${token.services.length})`, '-'.repeat(12)];
  token.services.forEach((service, i) => {
    lines.push(`[${i + 1}] ${SERVICE_HEADINGS[service.service]}`);
    const fields = Object.entries(service).filter(([key]) => !LISTED.includes(key));
    lines.push(...fields.map(([key, value]) => `    ${key.padEnd(15)}: ${String(value)}`));
    const privileges = Object.entries(service.privileges ?? {}).map(([id, seconds]) => {
      const name = privilegeName(id);
      const until = `${seconds} seconds, until ${expiry(token.issuedAt + seconds, now)}`;
      return seconds === 0 ? `${name}: 0 (as long as the token)` : `${name}: ${until}`;
    });
    lines.push('    privileges:', ...list(privileges));
    if (service.service === 'rtm2') {
      const permissions = (service.permissions ?? []).map(
        (p) => `${p.resource} / ${p.permission}: ${p.names.join(', ') || '(none)'}`,
      );
      lines.push('    permissions:', ...list(permissions));
    }
  });
  if (token.escapedStrings !== undefined) {
    lines.push(
      `[!] ${token.escapedStrings} string(s) are not valid UTF-8: their stray bytes are shown as \\xHH`,
      '    and their backslashes as \\\\ (Agora accepts such tokens; rebuilding from JSON cannot)',
    );
  }
  if (token.unknownServiceType !== undefined) {
    lines.push(
      `[!] Unknown service type ${token.unknownServiceType}: nothing after it is readable`,
    );
  }
  return lines;
}

function list(items: readonly string[]): string[] {
  return items.length === 0 ? ['      (none)'] : items.map((item) => `      - ${item}`);
}

function signatureRow(token: InspectedToken): string {
  if (token.signatureValid !== undefined) {
    return row('Signature', token.signatureValid ? 'valid' : 'INVALID');
  }
  const note = 'signatureNote' in token ? token.signatureNote : undefined;
  return row('Signature', `not checked (${note ? flagHint(note) : 'pass --app-certificate'})`);
}

function row(label: string, value: string): string {
  return `${label.padEnd(16)}: ${value}`;
}

/** The library names its options; say which flags supply them. */
function flagHint(detail: string): string {
  return detail
    .replace('no certificate given to verify with', 'not verified: pass --app-certificate')
    .replace('no App ID given to compare', 'pass --app-id to compare')
    .replace('no channel given to compare', 'pass --channel to compare')
    .replace('no uid or account given to compare', 'pass --uid or --account to compare')
    .replace('the account (uid)', '--account')
    .replace('channelName', '--channel')
    .replace(/\buid\b/, '--uid or --account');
}

/** Unknown privilege ids come back as decimal text. */
function privilegeName(name: string): string {
  return /^[0-9]+$/.test(name) ? `unknown (${name})` : name;
}

function iso(unix: number): string {
  return new Date(unix * 1000).toISOString().replace('.000Z', 'Z');
}

function instant(unix: number): string {
  return `${unix} (${iso(unix)})`;
}

function expiry(unix: number, now: number): string {
  const relation = unix <= now ? 'expired' : `expires in ${unix - now} s`;
  return unix === 0 ? '0 (no expiry)' : `${unix} (${iso(unix)}, ${relation})`;
}

function verdictReport(verdict: TokenVerdict, now: number): string {
  const title = `Would Agora accept it? (at ${now}, ${iso(now)})`;
  const status = (c: TokenCheck) =>
    c.result === 'fail' ? `FAIL (${c.agoraError})` : c.result === 'pass' ? 'ok' : 'unchecked';
  const lines = verdict.checks.map((c) =>
    row(
      checkLabel(c),
      status(c).padEnd(11) + (c.result === 'unchecked' ? flagHint(c.detail) : c.detail),
    ),
  );
  const open = verdict.checks.filter((c) => c.result === 'unchecked');
  const verdictText = !verdict.accepted
    ? `REFUSED: ${refusalSummary(verdict)}`
    : open.length === 0
      ? 'accepted'
      : `accepted as far as checked (not checked: ${checkNames(open)})`;
  lines.push(row('Verdict', verdictText));
  return `${['', title, '-'.repeat(title.length), ...lines].join('\n')}\n`;
}

/** "channel, user (110 invalid token)", grouped by the error Agora would answer. */
function refusalSummary(verdict: TokenVerdict): string {
  const failed = verdict.checks.filter((c) => c.result === 'fail');
  return Object.entries(AGORA_ERRORS)
    .map(([code, text]) => [failed.filter((c) => c.agoraError === Number(code)), text] as const)
    .filter(([checks]) => checks.length > 0)
    .map(([checks, text]) => `${checkNames(checks)} (${text})`)
    .join('; ');
}

function checkNames(checks: readonly TokenCheck[]): string {
  return checks.map((c) => checkLabel(c).toLowerCase()).join(', ');
}

/** "App ID", "Channel", "User", "Signature", "Expiry". */
function checkLabel({ check }: TokenCheck): string {
  return check === 'appId' ? 'App ID' : check.charAt(0).toUpperCase() + check.slice(1);
}
