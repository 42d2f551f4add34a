import { crc32 } from './hash';
import type { Inspected007, InspectedToken } from './inspect-token';
import type { ServiceSpec } from './token-spec';

/** What Agora checks (it answers only 109 expired or 110 invalid), in `TokenVerdict` order. */
export const TOKEN_CHECKS = ['appId', 'channel', 'user', 'signature', 'expiry'] as const;
export type TokenCheckName = (typeof TOKEN_CHECKS)[number];

/** `unchecked`: nothing to compare (no expectation given, or the format does not carry it). */
export type TokenCheckResult = 'pass' | 'fail' | 'unchecked';

export interface TokenCheck {
  check: TokenCheckName;
  result: TokenCheckResult;
  /** On a fail, the error Agora reports: 109 token expired, 110 invalid token. */
  agoraError?: 109 | 110;
  /** For people. It may quote App IDs, channels and users, never a certificate or the token. */
  detail: string;
}

export interface TokenVerdict {
  /** False when any check failed; unchecked parts do not count against the token. */
  accepted: boolean;
  /** One entry per name in `TOKEN_CHECKS`, in that order. */
  checks: TokenCheck[];
}

/** What the client joining with the token would send. */
export interface TokenExpectation {
  appId?: string;
  /** Exact bytes: no trimming or case folding. */
  channelName?: string;
  /** A number is a uid (0 = "any uid"), a string a user account. */
  uid?: number | string;
  /** Unix seconds to judge expiry at; without it expiry is unchecked. */
  nowSeconds?: number;
}

type Legacy = Exclude<InspectedToken, Inspected007>;

export function checkToken(token: InspectedToken, expectation: TokenExpectation): TokenVerdict {
  const { appId, channelName, uid, nowSeconds: now } = expectation;
  const is007 = token.version === '007';
  const wanted = typeof uid === 'number' ? uidText(uid) : uid;
  const checks = [
    checkAppId(token, appId),
    channelName === undefined
      ? unchecked('channel', 'no channel given to compare')
      : is007
        ? checkChannel007(token, channelName)
        : checkChannelLegacy(token, channelName),
    wanted === undefined
      ? unchecked('user', 'no uid or account given to compare')
      : is007
        ? checkUser007(token, wanted, channelName)
        : checkUserLegacy(token, wanted),
    checkSignature(token),
    now === undefined
      ? unchecked('expiry', 'no time given to judge expiry at')
      : is007
        ? checkExpiry007(token, now)
        : checkExpiryLegacy(token, now),
  ];
  return { accepted: checks.every((c) => c.result !== 'fail'), checks };
}

function pass(check: TokenCheckName, detail: string): TokenCheck {
  return { check, result: 'pass', detail };
}

function fail(check: TokenCheckName, detail: string, agoraError: 109 | 110 = 110): TokenCheck {
  return { check, result: 'fail', agoraError, detail };
}

function unchecked(check: TokenCheckName, detail: string): TokenCheck {
  return { check, result: 'unchecked', detail };
}

const quote = (text: string) => JSON.stringify(text);
/** Agora's builders write uid 0 as "" and any other uid as its decimal text. */
const uidText = (uid: number) => (uid === 0 ? '' : String(uid));
const anyUser = (wanted: string) =>
  `made for any user (uid 0), so ${describeUser(wanted)} may use it`;

function describeUser(text: string): string {
  return text === ''
    ? 'any user (uid 0)'
    : /^[1-9][0-9]*$/.test(text)
      ? `uid ${text}`
      : quote(text);
}

function checkAppId(token: InspectedToken, expected: string | undefined): TokenCheck {
  if (expected === undefined) {
    return unchecked('appId', 'no App ID given to compare');
  }
  if (token.appId === expected) {
    return pass('appId', `made for App ID ${expected}`);
  }
  const caseOnly = token.appId.toLowerCase() === expected.toLowerCase();
  return fail(
    'appId',
    `made for App ID ${token.appId}, not ${expected}` +
      (caseOnly ? ' (they differ in letter case only, and Agora compares the exact text)' : ''),
  );
}

type Bound = { channel: string; user: string; anyUser: boolean };

/** The services of a 007 token that name a channel, with the user each is bound to. */
function channelServices(token: Inspected007): Bound[] {
  return token.services.flatMap((s) => {
    if (s.service !== 'rtc' && s.service !== 'streaming' && s.service !== 'fcdn') {
      return [];
    }
    // The user id as the wire carries it: uid 0 is the empty string.
    const user = s.uid === undefined ? (s.account ?? '') : uidText(s.uid);
    return [{ channel: s.channel, user, anyUser: s.service === 'rtc' && user === '' }];
  });
}

const serviceNames = (token: Inspected007) =>
  token.services.map((s) => s.service).join(', ') || 'none';

function checkChannel007(token: Inspected007, expected: string): TokenCheck {
  const channels = channelServices(token).map((s) => s.channel);
  if (channels.length === 0) {
    return fail('channel', `grants no channel at all (services: ${serviceNames(token)})`);
  }
  if (channels.includes(expected)) {
    return pass('channel', `made for channel ${quote(expected)}`);
  }
  return fail(
    'channel',
    `made for channel ${channels.map(quote).join(', ')}, not ${quote(expected)}`,
  );
}

function checkUser007(token: Inspected007, wanted: string, channelName?: string): TokenCheck {
  // The user of the channel being joined; without a channel service, the RTM/Chat login user.
  const inChannel = channelServices(token);
  const forChannel = inChannel.filter((s) => s.channel === channelName);
  const candidates = forChannel.length > 0 ? forChannel : inChannel;
  const users: Bound[] =
    candidates.length > 0
      ? candidates
      : token.services.flatMap((s) =>
          (s.service === 'rtm' || s.service === 'rtm2' || s.service === 'chat') &&
          s.userId !== undefined
            ? [{ channel: '', user: s.userId, anyUser: false }]
            : [],
        );
  if (users.length === 0) {
    return fail('user', `is bound to no user at all (services: ${serviceNames(token)})`);
  }
  if (users.some((s) => s.user === wanted)) {
    // Account "42" and uid 42 are the same bytes in a 007 token, so either spelling matches.
    return pass('user', `made for ${describeUser(wanted)}`);
  }
  if (users.some((s) => s.anyUser)) {
    return pass('user', anyUser(wanted));
  }
  const found = [...new Set(users.map((s) => describeUser(s.user)))].join(', ');
  return fail('user', `made for ${found}, not ${describeUser(wanted)}`);
}

function checkChannelLegacy(token: Legacy, expected: string): TokenCheck {
  if (token.version !== '006') {
    return unchecked('channel', notCarried(token.version, 'channel'));
  }
  // 006 carries the CRC-32 of the signed channel: a mismatch is certain, a match very likely.
  return token.crcChannelName === crc32(expected)
    ? pass('channel', `CRC-32 of ${quote(expected)} matches the token's`)
    : fail('channel', `the token's channel CRC-32 is not that of ${quote(expected)}`);
}

function checkUserLegacy(token: Legacy, wanted: string): TokenCheck {
  if (token.version === '006') {
    if (token.crcUid === crc32(wanted)) {
      return pass('user', `CRC-32 of ${describeUser(wanted)} matches the token's`);
    }
    // Agora lets a uid-0 token join as any uid.
    return token.crcUid === crc32('')
      ? pass('user', anyUser(wanted))
      : fail('user', `the token's user CRC-32 is not that of ${describeUser(wanted)}`);
  }
  if (token.version === '003' || token.version === 'dk2') {
    const carried = uidText(token.uid);
    if (carried === wanted || carried === '') {
      return pass('user', `made for ${describeUser(carried)}`);
    }
    return fail('user', `made for ${describeUser(carried)}, not ${describeUser(wanted)}`);
  }
  return unchecked('user', notCarried(token.version, 'user'));
}

function notCarried(version: string, what: string): string {
  return `a ${version} token does not carry its ${what}; the signature check covers it`;
}

function checkSignature(token: InspectedToken): TokenCheck {
  if (token.signatureValid === true) {
    return pass('signature', 'signed with the given certificate');
  }
  if (token.signatureValid === false) {
    return fail(
      'signature',
      token.version === '007'
        ? 'not signed with the given certificate'
        : 'not signed with the given certificate for this channel and user',
    );
  }
  const note = 'signatureNote' in token ? token.signatureNote : undefined;
  return unchecked('signature', note ?? 'no certificate given to verify with');
}

/** The privilege that admits the holder at all; the others (publishing) may end earlier. */
const ENTRY_PRIVILEGE: Partial<Record<ServiceSpec['service'], string>> = {
  rtc: 'joinChannel',
  rtm: 'login',
  rtm2: 'login',
};

function checkExpiry007(token: Inspected007, now: number): TokenCheck {
  const ends: Array<[what: string, at: number]> = [['the token', token.issuedAt + token.expire]];
  for (const service of token.services) {
    const entry = ENTRY_PRIVILEGE[service.service];
    const seconds = entry === undefined ? undefined : service.privileges?.[entry];
    if (seconds !== undefined && seconds !== 0) {
      ends.push([`the ${service.service} ${entry} privilege`, token.issuedAt + seconds]);
    }
  }
  return expiry(ends, now, ends[0]![1]);
}

function checkExpiryLegacy(token: Legacy, now: number): TokenCheck {
  const ends: Array<[what: string, at: number]> = [];
  if (token.version === '006') {
    ends.push(['the token', token.ts]);
    const join = token.privileges.joinChannel;
    if (join !== undefined) {
      ends.push(['the joinChannel privilege', join]);
    }
  } else if ('expiredTs' in token) {
    ends.push(['the token', token.expiredTs]);
  } else {
    return unchecked('expiry', `a ${token.version} token carries no expiry`);
  }
  // 0 is "no expiry" in every legacy format.
  const set = ends.filter(([, at]) => at !== 0);
  return expiry(set, now, Math.min(...set.map(([, at]) => at)));
}

/** The first end passed fails; else valid until `end` (Infinity: never ends). */
function expiry(ends: Array<[what: string, at: number]>, now: number, end: number): TokenCheck {
  for (const [what, at] of ends) {
    if (now >= at) {
      return fail('expiry', `${what} expired at ${at} (${now - at} s ago)`, 109);
    }
  }
  return pass(
    'expiry',
    end === Infinity ? 'carries no expiry' : `valid for ${end - now} more seconds`,
  );
}
