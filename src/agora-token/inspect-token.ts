import { parseAccessToken2, verifyAccessToken2, VERSION_007 } from './access-token2';
import { TokenError } from './errors';
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
  /** Present only when a certificate was given. */
  signatureValid?: boolean;
}

export type InspectedToken = Inspected007;

export interface InspectOptions {
  /** Verify the signature against this certificate (32 hex). */
  appCertificate?: string;
  /** Bound on a 007 payload after inflating, in bytes. */
  maxPayloadBytes?: number;
}

/** Reads any supported token and describes it; throws a TokenError for a malformed token. */
export function inspectToken(token: unknown, options: InspectOptions = {}): InspectedToken {
  if (typeof token !== 'string') {
    throw new TokenError('ERR_TOKEN_MALFORMED', 'token must be a string');
  }
  if (token.startsWith(VERSION_007)) {
    return inspect007(token, options);
  }
  throw new TokenError('ERR_TOKEN_VERSION', 'unknown token version');
}

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
  if (options.appCertificate !== undefined) {
    result.signatureValid = verifyAccessToken2(parsed, options.appCertificate);
  }
  return result;
}
