import {
  SERVICE_NAMES,
  SERVICE_TITLES,
  type Inspected007,
  type InspectedToken,
  type Rtm2PermissionSpec,
  type ServiceName,
} from '../agora-token';

/**
 * The human-readable report of `agora-token-authority inspect`, in the spirit of Agora's parse.py
 *: labelled lines, services and privileges by name, and every time both as unix
 * seconds and ISO-8601 UTC, with how it relates to `now`.
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

const SERVICE_TYPE_BY_NAME = Object.fromEntries(
  Object.entries(SERVICE_NAMES).map(([type, name]) => [name, Number(type)]),
) as Record<ServiceName, keyof typeof SERVICE_TITLES>;
const SERVICE_TITLE_BY_NAME = Object.fromEntries(
  Object.entries(SERVICE_TYPE_BY_NAME).map(([name, type]) => [name, SERVICE_TITLES[type]]),
) as Record<ServiceName, string>;

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

/**
 * `certificateSource`: where a certificate that the user did not type came from (the environment or
 * the development credentials file), shown beside the signature verdict.
 */
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
    lines.push(
      `[${i + 1}] ${SERVICE_TITLE_BY_NAME[service.service]} (ServiceType: ${SERVICE_TYPE_BY_NAME[service.service]})`,
    );
    for (const [key, value] of Object.entries(service)) {
      if (!['service', 'privileges', 'permissions'].includes(key)) {
        lines.push(`    ${key.padEnd(15)}: ${String(value)}`);
      }
    }
    lines.push('    privileges:', ...privilegeLines(service.privileges ?? {}, token.issuedAt, now));
    if (service.service === 'rtm2') {
      lines.push('    permissions:', ...permissionLines(service.permissions ?? []));
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

function privilegeLines(privileges: Record<string, number>, issuedAt: number, now: number) {
  const entries = Object.entries(privileges);
  if (entries.length === 0) {
    return ['      (none)'];
  }
  return entries.map(([name, seconds]) =>
    seconds === 0
      ? `      - ${privilegeName(name)}: 0 (as long as the token)`
      : `      - ${privilegeName(name)}: ${seconds} seconds, until ${expiry(issuedAt + seconds, now)}`,
  );
}

function permissionLines(permissions: readonly Rtm2PermissionSpec[]): string[] {
  if (permissions.length === 0) {
    return ['      (none)'];
  }
  return permissions.map(
    (p) => `      - ${p.resource} / ${p.permission}: ${p.names.join(', ') || '(none)'}`,
  );
}

function signatureRow(token: InspectedToken): Row {
  if (token.signatureValid !== undefined) {
    return ['Signature', token.signatureValid ? 'valid' : 'INVALID'];
  }
  if ('signatureNote' in token && token.signatureNote !== undefined) {
    // The library names its options; say which flags supply them.
    const hint = token.signatureNote
      .replace('the account (uid)', '--account')
      .replace('channelName', '--channel')
      .replace(/\buid\b/, '--uid or --account');
    return ['Signature', `not checked (${hint})`];
  }
  return ['Signature', 'not checked (pass --app-certificate)'];
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
