import {
  SERVICE_NAMES,
  SERVICE_TITLES,
  type Inspected007,
  type InspectedToken,
  type Rtm2PermissionSpec,
  type TokenCheck,
  type TokenCheckName,
  type TokenVerdict,
} from '../agora-token';

/**
 * The human-readable report of `inspect`, in the spirit of Agora's parse.py: labelled lines,
 * services and privileges by name, every time as unix seconds and ISO-8601 UTC relative to `now`,
 * and the "would Agora accept it?" section when given what the client sends.
 */

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

type Row = [label: string, value: string];

/** "RTC (ServiceType: 1)" by service name. */
const SERVICE_HEADINGS: Record<string, string> = Object.fromEntries(
  Object.entries(SERVICE_NAMES).map(([type, name]) => [
    name,
    `${SERVICE_TITLES[Number(type) as keyof typeof SERVICE_TITLES]} (ServiceType: ${type})`,
  ]),
);

/** Legacy fields in display order; times are shown as instants, the rest as they are. */
const LEGACY_FIELDS: ReadonlyArray<[key: string, label: string, kind?: 'issued' | 'expiry']> = [
  ['appId', 'App ID'],
  ['service', 'Service'],
  ['unixTs', 'Issued at', 'issued'],
  ['ts', 'Expires at', 'expiry'],
  ['expiredTs', 'Expires at', 'expiry'],
  ['salt', 'Salt'],
  ['randomInt', 'Random'],
  ['uid', 'Uid'],
  ['crcChannelName', 'Channel CRC-32'],
  ['crcUid', 'Uid CRC-32'],
  ['signature', 'Signature (hex)'],
];

const CHECK_LABELS: Record<TokenCheckName, string> = {
  appId: 'App ID',
  channel: 'Channel',
  user: 'User',
  signature: 'Signature',
  expiry: 'Expiry',
};

const AGORA_ERRORS = { 109: '109 token expired', 110: '110 invalid token' } as const;

/** `certificateSource`: where a certificate the user did not type came from. */
export function formatReport(
  token: InspectedToken,
  now: number,
  certificateSource?: string,
): string {
  const title = `Token ${TITLES[token.version]}`;
  const body = token.version === '007' ? lines007(token, now) : legacyLines(token, now);
  if (certificateSource !== undefined) {
    const at = body.findIndex((line) => line.startsWith('Signature '));
    body[at] += ` (certificate from ${certificateSource})`;
  }
  return `${[title, '='.repeat(title.length), ...body].join('\n')}\n`;
}

function lines007(token: Inspected007, now: number): string[] {
  const lines = rows([
    ['App ID', token.appId],
    ['Issued at', instant(token.issuedAt)],
    ['Lifetime', `${token.expire} seconds`],
    ['Expires at', expiry(token.issuedAt + token.expire, now)],
    ['Salt', String(token.salt)],
    signatureRow(token),
  ]);
  lines.push('', `Services (${token.services.length})`, '-'.repeat(12));
  token.services.forEach((service, i) => {
    lines.push(`[${i + 1}] ${SERVICE_HEADINGS[service.service]}`);
    for (const [key, value] of Object.entries(service)) {
      if (!['service', 'privileges', 'permissions'].includes(key)) {
        lines.push(`    ${key.padEnd(15)}: ${String(value)}`);
      }
    }
    const privileges = Object.entries(service.privileges ?? {});
    lines.push(
      '    privileges:',
      ...listLines(privileges, ([name, seconds]) =>
        seconds === 0
          ? `${privilegeName(name)}: 0 (as long as the token)`
          : `${privilegeName(name)}: ${seconds} seconds, until ${expiry(token.issuedAt + seconds, now)}`,
      ),
    );
    if (service.service === 'rtm2') {
      const permissions: readonly Rtm2PermissionSpec[] = service.permissions ?? [];
      lines.push(
        '    permissions:',
        ...listLines(
          permissions,
          (p) => `${p.resource} / ${p.permission}: ${p.names.join(', ') || '(none)'}`,
        ),
      );
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

function listLines<T>(items: readonly T[], line: (item: T) => string): string[] {
  return items.length === 0 ? ['      (none)'] : items.map((item) => `      - ${line(item)}`);
}

function legacyLines(token: Exclude<InspectedToken, Inspected007>, now: number): string[] {
  const record = token as unknown as Record<string, string | number | undefined>;
  // DynamicKey5 carries its service as a number; DynamicKey4 names the one its signature matched.
  const service = token.version === '005' ? `${token.service} (${token.serviceType})` : undefined;
  const lines = rows([
    ...LEGACY_FIELDS.flatMap(([key, label, kind]): Row[] => {
      const value = key === 'service' ? (service ?? record.service) : record[key];
      if (value === undefined) {
        return [];
      }
      if (kind !== undefined) {
        return [[label, kind === 'issued' ? instant(Number(value)) : expiry(Number(value), now)]];
      }
      return [[label, String(value)]];
    }),
    signatureRow(token),
  ]);
  if (token.version === '006') {
    lines.push('', `Privileges (${Object.keys(token.privileges).length})`);
    for (const [name, at] of Object.entries(token.privileges)) {
      lines.push(`  - ${privilegeName(name)}: ${expiry(at, now)}`);
    }
  }
  if (token.version === '005' && Object.keys(token.extra).length > 0) {
    lines.push('', 'Extra');
    lines.push(...Object.entries(token.extra).map(([key, value]) => `  - ${key}: ${value}`));
  }
  return lines;
}

function signatureRow(token: InspectedToken): Row {
  if (token.signatureValid !== undefined) {
    return ['Signature', token.signatureValid ? 'valid' : 'INVALID'];
  }
  if ('signatureNote' in token && token.signatureNote !== undefined) {
    return ['Signature', `not checked (${flagHint(token.signatureNote)})`];
  }
  return ['Signature', 'not checked (pass --app-certificate)'];
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

function rows(list: readonly Row[]): string[] {
  return list.map(([label, value]) => `${label.padEnd(16)}: ${value}`);
}

function iso(unix: number): string {
  return new Date(unix * 1000).toISOString().replace('.000Z', 'Z');
}

function instant(unix: number): string {
  return `${unix} (${iso(unix)})`;
}

function expiry(unix: number, now: number): string {
  if (unix === 0) {
    return '0 (no expiry)';
  }
  return `${unix} (${iso(unix)}, ${unix <= now ? 'expired' : `expires in ${unix - now} s`})`;
}

export function formatVerdict(verdict: TokenVerdict, now: number): string {
  const title = `Would Agora accept it? (at ${now}, ${iso(now)})`;
  const status = (c: TokenCheck) =>
    c.result === 'fail' ? `FAIL (${c.agoraError})` : c.result === 'pass' ? 'ok' : 'unchecked';
  const lines = verdict.checks.map(
    (c) =>
      `${CHECK_LABELS[c.check].padEnd(16)}: ${status(c).padEnd(11)}` +
      (c.result === 'unchecked' ? flagHint(c.detail) : c.detail),
  );
  const open = verdict.checks.filter((c) => c.result === 'unchecked');
  const verdictText = !verdict.accepted
    ? `REFUSED: ${refusalSummary(verdict)}`
    : open.length === 0
      ? 'accepted'
      : `accepted as far as checked (not checked: ${checkNames(open)})`;
  lines.push(`${'Verdict'.padEnd(16)}: ${verdictText}`);
  return `${['', title, '-'.repeat(title.length), ...lines].join('\n')}\n`;
}

/** "channel, user (110 invalid token)", grouped by the error Agora would answer. */
export function refusalSummary(verdict: TokenVerdict): string {
  return ([109, 110] as const)
    .map(
      (code) =>
        [code, verdict.checks.filter((c) => c.result === 'fail' && c.agoraError === code)] as const,
    )
    .filter(([, checks]) => checks.length > 0)
    .map(([code, checks]) => `${checkNames(checks)} (${AGORA_ERRORS[code]})`)
    .join('; ');
}

function checkNames(checks: readonly TokenCheck[]): string {
  return checks.map((c) => CHECK_LABELS[c.check].toLowerCase()).join(', ');
}
