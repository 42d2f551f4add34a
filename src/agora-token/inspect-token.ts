import { parseAccessToken2, verifyAccessToken2, VERSION_007 } from './access-token2';
import { TokenError } from './errors';
import {
  inspect006,
  inspectDk1,
  inspectDk3,
  inspectDk4,
  inspectDk5,
  inspectSignaling,
  type Inspected006,
  type InspectedDynamicKey1,
  type InspectedDynamicKey3,
  type InspectedDynamicKey4,
  type InspectedDynamicKey5,
  type InspectedSignaling,
} from './inspect-legacy';
import { serviceToSpec, type ServiceSpec } from './token-spec';

/** What `inspectToken` shows of a 007 token: the JSON spec shape, so build → inspect round-trips. */
export interface Inspected007 {
  version: '007';
  appId: string;
  /** Unix seconds. */
  issuedAt: number;
  /** Lifetime in seconds after issuedAt. */
  expire: number;
  salt: number;
  services: ServiceSpec[];
  /** Present when parsing stopped at a service type this library does not know. */
  unknownServiceType?: number;
  /**
   * Present when that many strings were not valid UTF-8: their stray bytes are shown as `\xHH`
   * and their backslashes as `\\`, so such a token cannot be rebuilt from this description.
   */
  escapedStrings?: number;
  /** Present only when a certificate was given. */
  signatureValid?: boolean;
}

export type InspectedToken =
  | Inspected007
  | Inspected006
  | InspectedDynamicKey5
  | InspectedDynamicKey4
  | InspectedDynamicKey3
  | InspectedDynamicKey1
  | InspectedSignaling;

export interface InspectOptions {
  /** Verify the signature against this certificate (32 hex). */
  appCertificate?: string;
  /** The channel a legacy token was made for (signed, not carried). */
  channelName?: string;
  /**
   * The uid (number) or account (string) a legacy token was made for; for a signalling token, the
   * account. DynamicKey3/2 carry their uid, so the carried one is used when this is absent.
   */
  uid?: number | string;
  /** Bound on a 007 payload after inflating, in bytes. */
  maxPayloadBytes?: number;
}

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
  const byPrefix = Object.hasOwn(BY_PREFIX, token.slice(0, 3)) && BY_PREFIX[token.slice(0, 3)];
  const inspect = byPrefix || (token.startsWith('1:') ? inspectSignaling : undefined);
  if (!inspect) {
    throw new TokenError('ERR_TOKEN_VERSION', 'unknown token version');
  }
  return inspect(token, options);
}

const BY_PREFIX: Readonly<Record<string, (token: string, o: InspectOptions) => InspectedToken>> = {
  [VERSION_007]: inspect007,
  '006': inspect006,
  '005': inspectDk5,
  '004': inspectDk4,
  '003': (token, options) => inspectDk3(token, '003', options),
};

function inspect007(token: string, options: InspectOptions): Inspected007 {
  const parsed = parseAccessToken2(token, { maxPayloadBytes: options.maxPayloadBytes });
  const result: Inspected007 = {
    version: '007',
    appId: parsed.appId,
    issuedAt: parsed.issuedAt,
    expire: parsed.expire,
    salt: parsed.salt,
    services: parsed.services.map(serviceToSpec),
  };
  if (parsed.unknownServiceType !== undefined) {
    result.unknownServiceType = parsed.unknownServiceType;
  }
  if (parsed.escapedStrings !== undefined) {
    result.escapedStrings = parsed.escapedStrings;
  }
  if (options.appCertificate !== undefined) {
    result.signatureValid = verifyAccessToken2(parsed, options.appCertificate);
  }
  return result;
}

export type {
  Inspected006,
  InspectedDynamicKey1,
  InspectedDynamicKey3,
  InspectedDynamicKey4,
  InspectedDynamicKey5,
  InspectedSignaling,
  SignatureCheck,
} from './inspect-legacy';
