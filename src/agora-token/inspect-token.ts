import {
  parseAccessToken006,
  verifyAccessToken006,
  type ParsedAccessToken006,
} from './access-token-006';
import { parseAccessToken2, verifyAccessToken2 } from './access-token2';
import * as dk from './dynamic-key-legacy';
import { parseDynamicKey5, verifyDynamicKey5, type ParsedDynamicKey5 } from './dynamic-key5';
import { TokenError } from './errors';
import {
  parseSignalingToken,
  verifySignalingToken,
  type ParsedSignalingToken,
} from './signaling-token';
import {
  privileges006ToSpec,
  serviceToSpec,
  type PrivilegeSpec,
  type ServiceSpec,
} from './token-spec';
import { assertHex32, decimalUid } from './validate';

/**
 * The legacy formats sign a channel and user they do not carry, so a certificate alone cannot
 * verify them: without the rest `signatureValid` is absent and `signatureNote` says what is missing.
 */
export interface SignatureCheck {
  signatureValid?: boolean;
  signatureNote?: string;
}

/** The JSON spec shape, so build → inspect round-trips. */
export interface Inspected007 {
  version: '007';
  appId: string;
  issuedAt: number;
  expire: number;
  salt: number;
  services: ServiceSpec[];
  /** Parsing stopped at a service type this library does not know. */
  unknownServiceType?: number;
  /** Strings not valid UTF-8, shown escaped (lossy-text.ts): such a token cannot be rebuilt. */
  escapedStrings?: number;
  signatureValid?: boolean;
}

/** Times are absolute unix seconds; the signature is lowercase hex. */
export type Inspected006 = SignatureCheck &
  Omit<ParsedAccessToken006, 'signature' | 'privileges' | 'message'> & {
    signature: string;
    privileges: PrivilegeSpec;
  };

/** The signature is 40 hex characters as carried (uppercase); `extra` by name. */
export type InspectedDynamicKey5 = SignatureCheck &
  Omit<ParsedDynamicKey5, 'extra'> & { service: string; extra: Record<string, string> };

/** `service` is not carried: it is the one the signature matched, when it did. */
export type InspectedDynamicKey4 = SignatureCheck &
  dk.ParsedDynamicKey4 & {
    version: '004';
    service?: 'publicSharing' | 'recording' | 'mediaChannel';
  };

/** DynamicKey3 (`003`) or DynamicKey2 (`dk2`, the same fields without a prefix). */
export type InspectedDynamicKey3 = SignatureCheck &
  dk.ParsedDynamicKey3 & { version: '003' | 'dk2' };
export type InspectedDynamicKey1 = SignatureCheck & dk.ParsedDynamicKey1 & { version: 'dk1' };
export type InspectedSignaling = SignatureCheck &
  Omit<ParsedSignalingToken, 'version'> & { version: 'signaling' };

export type InspectedToken =
  | Inspected007
  | Inspected006
  | InspectedDynamicKey5
  | InspectedDynamicKey4
  | InspectedDynamicKey3
  | InspectedDynamicKey1
  | InspectedSignaling;

export interface InspectOptions {
  appCertificate?: string;
  /** The channel a legacy token was made for (signed, not carried). */
  channelName?: string;
  /** Of a legacy token (signalling: the account); DynamicKey3/2 default to the carried uid. */
  uid?: number | string;
  maxPayloadBytes?: number;
}

type Inspector = (token: string, options: InspectOptions) => InspectedToken;

/** Reads any supported token and describes it; throws a TokenError for a malformed token. */
export function inspectToken(token: unknown, options: InspectOptions = {}): InspectedToken {
  if (typeof token !== 'string') {
    throw new TokenError('ERR_TOKEN_MALFORMED', 'token must be a string');
  }
  // DynamicKey2 and 1 have no prefix, and their hex signature may well start "003".."007". No
  // prefixed format can be 110 or 90 characters long (base64 comes in fours; 003/004 are fixed).
  if ((token.length === 110 || token.length === 90) && /^[0-9a-f]{40}/.test(token)) {
    return token.length === 110 ? inspectDk3(token, 'dk2', options) : inspectDk1(token, options);
  }
  const prefix = token.startsWith('1:') ? '1:' : token.slice(0, 3);
  if (!Object.hasOwn(BY_PREFIX, prefix)) {
    throw new TokenError('ERR_TOKEN_VERSION', 'unknown token version');
  }
  return BY_PREFIX[prefix]!(token, options);
}

function inspect007(token: string, options: InspectOptions): Inspected007 {
  const parsed = parseAccessToken2(token, { maxPayloadBytes: options.maxPayloadBytes });
  const { appId, issuedAt, expire, salt, unknownServiceType, escapedStrings } = parsed;
  const services = parsed.services.map(serviceToSpec);
  const result: Inspected007 = { version: '007', appId, issuedAt, expire, salt, services };
  if (unknownServiceType !== undefined) {
    result.unknownServiceType = unknownServiceType;
  }
  if (escapedStrings !== undefined) {
    result.escapedStrings = escapedStrings;
  }
  if (options.appCertificate !== undefined) {
    result.signatureValid = verifyAccessToken2(parsed, options.appCertificate);
  }
  return result;
}

function inspect006(token: string, options: InspectOptions): Inspected006 {
  const parsed = parseAccessToken006(token);
  const { version, appId, crcChannelName, crcUid, salt, ts } = parsed;
  const signature = parsed.signature.toString('hex');
  const privileges = privileges006ToSpec(parsed.privileges);
  const result = { version, appId, signature, crcChannelName, crcUid, salt, ts, privileges };
  const { channelName, uid } = options;
  return check<Inspected006>(result, options, 'channelName and uid', (appCertificate) =>
    channelName === undefined || uid === undefined
      ? undefined
      : verifyAccessToken006(parsed, { appCertificate, channelName, uid }),
  );
}

const DK5_SERVICES = ['', 'mediaChannel', 'recording', 'publicSharing', 'inChannelPermission'];

function inspectDk5(token: string, options: InspectOptions): InspectedDynamicKey5 {
  const parsed = parseDynamicKey5(token);
  const { version, extra, ...fields } = parsed;
  const result: InspectedDynamicKey5 = {
    version,
    ...fields,
    service: DK5_SERVICES[fields.serviceType] || String(fields.serviceType),
    extra: Object.fromEntries(
      extra.map(([key, value]) => [key === 1 ? 'allowUploadInChannel' : String(key), value]),
    ),
  };
  return checkUid(result, options, 'channelName and uid', options.uid, (target) =>
    verifyDynamicKey5(parsed, target),
  );
}

const DK4_SERVICES = { publicSharing: 'APSS', recording: 'ARS', mediaChannel: 'ACS' } as const;
const DK4_NAMES = Object.keys(DK4_SERVICES) as Array<keyof typeof DK4_SERVICES>;

function inspectDk4(token: string, options: InspectOptions): InspectedDynamicKey4 {
  const parsed = dk.parseDynamicKey4(token);
  const result: InspectedDynamicKey4 = { version: '004', ...parsed };
  return checkUid(result, options, 'channelName and uid', options.uid, (target) => {
    // The service is signed but not carried: the key is valid for whichever of the three matches.
    const service = DK4_NAMES.find((name) =>
      dk.verifyDynamicKey4(parsed, { ...target, service: DK4_SERVICES[name] }),
    );
    if (service !== undefined) {
      result.service = service;
    }
    return service !== undefined;
  });
}

function inspectDk3(token: string, version: '003' | 'dk2', options: InspectOptions) {
  const parsed = version === '003' ? dk.parseDynamicKey3(token) : dk.parseDynamicKey2(token);
  const result: InspectedDynamicKey3 = { version, ...parsed };
  // The uid is carried and signed, so the channel is enough; a uid given must be the carried one.
  const { uid = parsed.uid } = options;
  return checkUid(result, options, 'channelName', uid, (target) =>
    dk.verifyDynamicKey3(parsed, target),
  );
}

function inspectDk1(token: string, options: InspectOptions): InspectedDynamicKey1 {
  const parsed = dk.parseDynamicKey1(token);
  const result: InspectedDynamicKey1 = { version: 'dk1', ...parsed };
  const { channelName } = options;
  return check(result, options, 'channelName', (appCertificate) =>
    channelName === undefined
      ? undefined
      : dk.verifyDynamicKey1(parsed, { appCertificate, channelName }),
  );
}

function inspectSignaling(token: string, options: InspectOptions): InspectedSignaling {
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

const BY_PREFIX: Readonly<Record<string, Inspector>> = {
  '007': inspect007,
  '006': inspect006,
  '005': inspectDk5,
  '004': inspectDk4,
  '003': (token, options) => inspectDk3(token, '003', options),
  '1:': inspectSignaling,
};

/** Adds the signature verdict; `verify` answering undefined (target unknown) becomes a note. */
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

/** `check` for DynamicKey5/4/3/2 (channel, numeric uid): a non-decimal account never verifies. */
function checkUid<T extends SignatureCheck>(
  result: T,
  options: InspectOptions,
  needs: string,
  uid: number | string | undefined,
  verify: (target: dk.VerifyDynamicKeyOptions) => boolean,
): T {
  const { channelName } = options;
  return check(result, options, needs, (appCertificate) => {
    if (channelName === undefined || uid === undefined) {
      return undefined;
    }
    const n = typeof uid === 'number' ? uid : decimalUid(uid);
    return n !== undefined && verify({ appCertificate, channelName, uid: n });
  });
}
