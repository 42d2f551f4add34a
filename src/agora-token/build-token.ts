import { buildAccessToken006, Privilege006 } from './access-token-006';
import { buildAccessToken2 } from './access-token2';
import { TokenError } from './errors';
import { tokenSpecFromJson, type TokenSpec007 } from './token-spec';
import { UINT32_MAX } from './validate';

/**
 * The JSON spec of a legacy 006 token. Unlike 007, privilege times are absolute unix seconds, and
 * the channel and user are signed but not carried (only their CRC-32s are).
 */
export interface TokenSpec006 {
  version: '006';
  /** 32 hex characters, written into the token as given. */
  appId: string;
  /** 32 hex characters; its text is the HMAC-SHA256 key. */
  appCertificate: string;
  /** Channel name (for an RTM token: the user account). */
  channel: string;
  /** Numeric uid 0..2^32-1 (0 = any user). Exactly one of `uid` and `account`. */
  uid?: number;
  /** User account, signed as given. Exactly one of `uid` and `account`. */
  account?: string;
  /** 0..2^32-1; defaults to a random 1..99999999. */
  salt?: number;
  /** Absolute unix seconds at which the token expires; defaults to now + 86400. */
  ts?: number;
  /** Privilege name (or decimal id) to absolute unix expiry in seconds. */
  privileges: Record<string, number>;
}

export type TokenSpec = TokenSpec007 | TokenSpec006;

/** 006 privilege names by id, as Agora's references name them (`Privilege006` in lower camel). */
export const PRIVILEGE_NAMES_006: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(Privilege006).map(([name, id]) => [id, name[0]!.toLowerCase() + name.slice(1)]),
);

const FIELDS_006 = 'version appId appCertificate channel uid account salt ts privileges'.split(' ');
const DECIMAL_ID = /^(0|[1-9][0-9]{0,4})$/;

/**
 * Builds a token from its JSON spec: 007 unless `version` is "006". The spec is
 * validated as untrusted input: unknown fields, wrong types and bad values are `TokenError`s,
 * never a partial token.
 */
export function buildToken(spec: TokenSpec): string;
export function buildToken(spec: unknown): string;
export function buildToken(spec: unknown): string {
  if (isRecord(spec) && spec.version === '006') {
    return buildAccessToken006(spec006FromJson(spec));
  }
  if (isRecord(spec) && spec.version !== undefined && spec.version !== '007') {
    throw invalid('spec.version', 'must be "007" or "006"');
  }
  const valid = tokenSpecFromJson(spec);
  return buildAccessToken2({
    appId: valid.appId,
    appCertificate: valid.appCertificate,
    issuedAt: valid.issuedAt,
    expire: valid.expire,
    salt: valid.salt,
    compression: valid.compression,
    services: valid.serviceList,
  });
}

/** Privileges of a parsed 006 token in the spec's shape: by name, unknown ids as decimal text. */
export function privileges006ToSpec(
  privileges: ReadonlyArray<readonly [number, number]>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [id, expiry] of privileges) {
    out[PRIVILEGE_NAMES_006[id] ?? String(id)] = expiry;
  }
  return out;
}

function spec006FromJson(spec: Record<string, unknown>): Parameters<typeof buildAccessToken006>[0] {
  for (const key of Object.keys(spec)) {
    if (!FIELDS_006.includes(key)) {
      throw invalid(`spec.${key}`, 'is not a known field');
    }
  }
  const text = (key: string): string => {
    if (typeof spec[key] !== 'string') {
      throw invalid(`spec.${key}`, 'must be a string');
    }
    return spec[key];
  };
  if ((spec.uid === undefined) === (spec.account === undefined)) {
    throw invalid('spec', 'needs exactly one of uid (integer) or account (string)');
  }
  return {
    appId: text('appId'),
    appCertificate: text('appCertificate'),
    channelName: text('channel'),
    uid: spec.uid === undefined ? text('account') : uint32(spec.uid, 'spec.uid'),
    salt: spec.salt === undefined ? undefined : uint32(spec.salt, 'spec.salt'),
    ts: spec.ts === undefined ? undefined : uint32(spec.ts, 'spec.ts'),
    privileges: privilegesFromSpec(spec.privileges),
  };
}

function privilegesFromSpec(spec: unknown): Array<[number, number]> {
  if (!isRecord(spec)) {
    throw invalid('spec.privileges', 'must be an object of privilege name to unix seconds');
  }
  return Object.entries(spec).map(([name, expiry]) => {
    const known = Object.entries(PRIVILEGE_NAMES_006).find(([, known]) => known === name);
    // Decimal ids stand for privileges without a name, so any parsed 006 token can be rebuilt.
    const id = known ? Number(known[0]) : DECIMAL_ID.test(name) ? Number(name) : 0x10000;
    if (id > 0xffff) {
      throw invalid(`spec.privileges.${name}`, 'is not a 006 privilege');
    }
    return [id, uint32(expiry, `spec.privileges.${name}`)];
  });
}

function uint32(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > UINT32_MAX) {
    throw invalid(path, 'must be an integer in 0..4294967295');
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(path: string, problem: string): TokenError {
  return new TokenError('ERR_SPEC_INVALID', `${path} ${problem}`);
}
