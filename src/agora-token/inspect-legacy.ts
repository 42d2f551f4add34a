import { parseAccessToken006, verifyAccessToken006 } from './access-token-006';
import { privileges006ToSpec } from './build-token';
import * as dk from './dynamic-key-legacy';
import { parseDynamicKey5, verifyDynamicKey5 } from './dynamic-key5';
import type { InspectOptions } from './inspect-token';
import { parseSignalingToken, verifySignalingToken } from './signaling-token';
import { assertHex32, UINT32_MAX } from './validate';

/**
 * The legacy formats sign a channel and user they do not carry, so a certificate alone cannot
 * verify them: without the rest `signatureValid` is absent and `signatureNote` says what is missing.
 */
export interface SignatureCheck {
  signatureValid?: boolean;
  signatureNote?: string;
}

/** A 006 AccessToken. Times are absolute unix seconds; the signature is lowercase hex. */
export interface Inspected006 extends SignatureCheck {
  version: '006';
  appId: string;
  signature: string;
  /** CRC-32 of the channel name and of the uid text the token was signed for. */
  crcChannelName: number;
  crcUid: number;
  salt: number;
  /** When the token expires. */
  ts: number;
  /** Privilege name (unknown ids as decimal text) to its expiry. */
  privileges: Record<string, number>;
}

/** A DynamicKey5 (005). The signature is 40 hex characters as carried (uppercase). */
export interface InspectedDynamicKey5 extends SignatureCheck {
  version: '005';
  serviceType: number;
  service: string;
  appId: string;
  signature: string;
  unixTs: number;
  randomInt: number;
  expiredTs: number;
  /** Extra entries by name (unknown keys as decimal text). */
  extra: Record<string, string>;
}

interface DynamicKeyFields extends SignatureCheck {
  /** HMAC-SHA1, 40 lowercase hex characters. */
  signature: string;
  appId: string;
  unixTs: number;
  randomInt: number;
}

/** A DynamicKey4. `service` is not carried: it is the one the signature matched, when it did. */
export interface InspectedDynamicKey4 extends DynamicKeyFields {
  version: '004';
  expiredTs: number;
  service?: 'publicSharing' | 'recording' | 'mediaChannel';
}

/** A DynamicKey3 (`003`) or DynamicKey2 (`dk2`, the same fields without a prefix). */
export interface InspectedDynamicKey3 extends DynamicKeyFields {
  version: '003' | 'dk2';
  uid: number;
  expiredTs: number;
}

/** A DynamicKey (v1): no uid or expiry is carried. */
export interface InspectedDynamicKey1 extends DynamicKeyFields {
  version: 'dk1';
}

/** A signalling token: `1:appId:expiredTs:md5`. */
export interface InspectedSignaling extends SignatureCheck {
  version: 'signaling';
  appId: string;
  expiredTs: number;
  signature: string;
}

export function inspect006(token: string, options: InspectOptions): Inspected006 {
  const parsed = parseAccessToken006(token);
  const { appId, crcChannelName, crcUid, salt, ts } = parsed;
  const signature = parsed.signature.toString('hex');
  const privileges = privileges006ToSpec(parsed.privileges);
  const result: Inspected006 = {
    version: '006',
    appId,
    signature,
    crcChannelName,
    crcUid,
    salt,
    ts,
    privileges,
  };
  const { channelName, uid } = options;
  return check(result, options, 'channelName and uid', (appCertificate) =>
    channelName === undefined || uid === undefined
      ? undefined
      : verifyAccessToken006(parsed, { appCertificate, channelName, uid }),
  );
}

const DK5_SERVICES: Readonly<Record<number, string>> = {
  1: 'mediaChannel',
  2: 'recording',
  3: 'publicSharing',
  4: 'inChannelPermission',
};

export function inspectDk5(token: string, options: InspectOptions): InspectedDynamicKey5 {
  const parsed = parseDynamicKey5(token);
  const { version, extra, ...fields } = parsed;
  const result: InspectedDynamicKey5 = {
    version,
    ...fields,
    service: DK5_SERVICES[fields.serviceType] ?? String(fields.serviceType),
    extra: Object.fromEntries(
      extra.map(([key, value]) => [key === 1 ? 'allowUploadInChannel' : String(key), value]),
    ),
  };
  const { channelName, uid } = options;
  return check(result, options, 'channelName and uid', (appCertificate) => {
    if (channelName === undefined || uid === undefined) {
      return undefined;
    }
    const n = toUid(uid);
    return n !== undefined && verifyDynamicKey5(parsed, { appCertificate, channelName, uid: n });
  });
}

const DK4_SERVICES = {
  publicSharing: dk.DynamicKey4Service.PublicSharing,
  recording: dk.DynamicKey4Service.Recording,
  mediaChannel: dk.DynamicKey4Service.MediaChannel,
} as const;
const DK4_NAMES = Object.keys(DK4_SERVICES) as Array<keyof typeof DK4_SERVICES>;

export function inspectDk4(token: string, options: InspectOptions): InspectedDynamicKey4 {
  const parsed = dk.parseDynamicKey4(token);
  const result: InspectedDynamicKey4 = { version: '004', ...parsed };
  const { channelName, uid } = options;
  return check(result, options, 'channelName and uid', (appCertificate) => {
    if (channelName === undefined || uid === undefined) {
      return undefined;
    }
    // The service is signed but not carried: the key is valid for whichever of the three matches.
    const n = toUid(uid);
    const service = DK4_NAMES.find(
      (name) =>
        n !== undefined &&
        dk.verifyDynamicKey4(parsed, {
          appCertificate,
          channelName,
          uid: n,
          service: DK4_SERVICES[name],
        }),
    );
    if (service !== undefined) {
      result.service = service;
    }
    return service !== undefined;
  });
}

export function inspectDk3(
  token: string,
  version: '003' | 'dk2',
  options: InspectOptions,
): InspectedDynamicKey3 {
  const parsed = version === '003' ? dk.parseDynamicKey3(token) : dk.parseDynamicKey2(token);
  const result: InspectedDynamicKey3 = { version, ...parsed };
  // The uid is carried and signed, so the channel is enough; a uid given must be the carried one.
  const { channelName, uid = parsed.uid } = options;
  return check(result, options, 'channelName', (appCertificate) => {
    if (channelName === undefined) {
      return undefined;
    }
    const n = toUid(uid);
    return n !== undefined && dk.verifyDynamicKey3(parsed, { appCertificate, channelName, uid: n });
  });
}

export function inspectDk1(token: string, options: InspectOptions): InspectedDynamicKey1 {
  const parsed = dk.parseDynamicKey1(token);
  const result: InspectedDynamicKey1 = { version: 'dk1', ...parsed };
  const { channelName } = options;
  return check(result, options, 'channelName', (appCertificate) =>
    channelName === undefined
      ? undefined
      : dk.verifyDynamicKey1(parsed, { appCertificate, channelName }),
  );
}

export function inspectSignaling(token: string, options: InspectOptions): InspectedSignaling {
  const parsed = parseSignalingToken(token);
  const { appId, expiredTs, signature } = parsed;
  const result: InspectedSignaling = { version: 'signaling', appId, expiredTs, signature };
  const { uid } = options;
  return check(result, options, 'the account (uid)', (appCertificate) =>
    uid === undefined
      ? undefined
      : verifySignalingToken(parsed, { appCertificate, account: String(uid) }),
  );
}

/**
 * Adds the signature verdict when a certificate was given. `verify` returns undefined when the
 * caller did not say what the token was made for; that becomes a note naming what is missing.
 */
function check<T extends SignatureCheck>(
  result: T,
  options: InspectOptions,
  needs: string,
  verify: (appCertificate: string) => boolean | undefined,
): T {
  const { appCertificate } = options;
  if (appCertificate === undefined) {
    return result;
  }
  // Checked even when nothing else was given, so a mistyped certificate is never silently ignored.
  assertHex32(appCertificate, 'ERR_APP_CERTIFICATE_INVALID', 'appCertificate');
  const valid = verify(appCertificate);
  if (valid === undefined) {
    result.signatureNote = `needs ${needs} to verify`;
  } else {
    result.signatureValid = valid;
  }
  return result;
}

/**
 * DynamicKey5/4/3/2 sign a numeric uid. A decimal account stands for that uid; any other account
 * cannot be what such a key was made for (undefined: it never verifies).
 */
function toUid(uid: number | string): number | undefined {
  if (typeof uid === 'number') {
    return uid;
  }
  return /^(0|[1-9][0-9]{0,9})$/.test(uid) && Number(uid) <= UINT32_MAX ? Number(uid) : undefined;
}
