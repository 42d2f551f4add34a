import { buildAccessToken006, Privilege006, type AccessToken006Options } from './access-token-006';
import { buildAccessToken2 } from './access-token2';
import { COMPRESSIONS, type Compression } from './compression';
import { TokenError } from './errors';
import {
  PRIVILEGE_NAMES,
  RTM2_PERMISSION_NAMES,
  RTM2_RESOURCE_NAMES,
  SERVICE_NAMES,
  type KnownService,
  type KnownServiceType,
  type PrivilegeList,
  type Rtm2Permission,
  type ServiceName,
} from './services';
import { UINT32_MAX } from './validate';

/**
 * The JSON shape shared by `buildToken` and `inspectToken`: privileges by name (or decimal id) with
 * seconds after issue (006: absolute unix seconds); services by name.
 */
export type PrivilegeSpec = Record<string, number>;

export interface Rtm2PermissionSpec {
  resource: string;
  permission: string;
  names: string[];
}

export type ServiceSpec = { privileges?: PrivilegeSpec } & (
  | { service: 'rtc'; channel: string; uid?: number; account?: string }
  | { service: 'rtm'; userId: string }
  | { service: 'rtm2'; userId: string; permissions?: Rtm2PermissionSpec[] }
  | { service: 'chat'; userId?: string }
  | { service: 'apaas'; roomUuid?: string; userUuid?: string; role?: number }
  /** A numeric uid (0 packs as "", like RTC) or, instead, an `account`. */
  | { service: 'streaming' | 'fcdn'; channel: string; uid?: number; account?: string }
  | { service: 'fpa' | 'convoai' | 'stt' }
);

export interface TokenSpec007 {
  version?: '007';
  appId: string;
  appCertificate: string;
  /** Defaults to now. */
  issuedAt?: number;
  /** Seconds after issuedAt. */
  expire: number;
  salt?: number;
  services: ServiceSpec[];
  compression?: Compression;
}

/** A legacy 006 token: the channel and user are signed but only their CRC-32s carried. */
export interface TokenSpec006 {
  version: '006';
  appId: string;
  appCertificate: string;
  /** For an RTM token: the user account. */
  channel: string;
  /** Exactly one of `uid` (0 = any user) and `account`. */
  uid?: number;
  account?: string;
  salt?: number;
  /** Absolute unix expiry of the token; defaults to now + 86400. */
  ts?: number;
  privileges: PrivilegeSpec;
}

export type TokenSpec = TokenSpec007 | TokenSpec006;

const SERVICE_TYPES = Object.fromEntries(
  Object.entries(SERVICE_NAMES).map(([type, name]) => [name, Number(type)]),
) as Record<ServiceName, KnownServiceType>;

const USER = ['channel', 'uid', 'account'];
/** Fields each service accepts besides `service` and `privileges`. */
const SERVICE_FIELDS: Record<ServiceName, readonly string[]> = {
  ...{ rtc: USER, streaming: USER, fcdn: USER, fpa: [], convoai: [], stt: [] },
  ...{ rtm: ['userId'], rtm2: ['userId', 'permissions'], chat: ['userId'] },
  apaas: ['roomUuid', 'userUuid', 'role'],
};
const SERVICE_KEYS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(SERVICE_FIELDS).map(([name, fields]) => [
    name,
    ['service', 'privileges', ...fields],
  ]),
);
const KEYS_007 = 'version appId appCertificate issuedAt expire salt services compression'.split(
  ' ',
);
const KEYS_006 = 'version appId appCertificate channel uid account salt ts privileges'.split(' ');

/** 006 privilege names by id: `Privilege006` in lower camel. */
const PRIVILEGE_NAMES_006: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(Privilege006).map(([name, id]) => [id, name[0]!.toLowerCase() + name.slice(1)]),
);

/**
 * Builds a token from its JSON spec: 007 unless `version` is "006". The spec is untrusted input:
 * unknown fields, wrong types and bad values are `TokenError`s, never a partial token.
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
  if (!isRecord(spec)) {
    throw invalid('spec', 'must be a JSON object');
  }
  assertKnownKeys(spec, KEYS_007, 'spec');
  for (const key of ['issuedAt', 'expire', 'salt'] as const) {
    if (spec[key] !== undefined && typeof spec[key] !== 'number') {
      throw invalid(`spec.${key}`, 'must be an integer');
    }
  }
  if (spec.expire === undefined) {
    throw invalid('spec.expire', 'is required (seconds)');
  }
  if (spec.compression !== undefined && !COMPRESSIONS.includes(spec.compression as Compression)) {
    throw invalid('spec.compression', `must be one of ${COMPRESSIONS.join(', ')}`);
  }
  if (!Array.isArray(spec.services)) {
    throw invalid('spec.services', 'must be a list');
  }
  const services = spec.services.map((s: unknown, i) => serviceFromSpec(s, `spec.services[${i}]`));
  const appId = stringField(spec, 'appId', 'spec');
  const appCertificate = stringField(spec, 'appCertificate', 'spec');
  return buildAccessToken2({
    ...(spec as unknown as TokenSpec007),
    appId,
    appCertificate,
    services,
  });
}

function spec006FromJson(spec: Json): AccessToken006Options {
  assertKnownKeys(spec, KEYS_006, 'spec');
  const text = (key: string) => stringField(spec, key, 'spec');
  if ((spec.uid === undefined) === (spec.account === undefined)) {
    throw invalid('spec', 'needs exactly one of uid (integer) or account (string)');
  }
  const optional = (key: string) =>
    spec[key] === undefined ? undefined : uint32(spec[key], `spec.${key}`);
  return {
    appId: text('appId'),
    appCertificate: text('appCertificate'),
    channelName: text('channel'),
    uid: spec.uid === undefined ? text('account') : uint32(spec.uid, 'spec.uid'),
    salt: optional('salt'),
    ts: optional('ts'),
    privileges: privilegesFromSpec(spec.privileges, 'spec.privileges'),
  };
}

function uint32(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > UINT32_MAX) {
    throw invalid(path, 'must be an integer in 0..4294967295');
  }
  return value;
}

/** Privileges of a 007 service type (seconds after issue), or of 006 (absolute unix seconds). */
function privilegesFromSpec(spec: unknown, path: string, type?: KnownServiceType) {
  if (spec === undefined && type !== undefined) {
    return [];
  }
  if (!isRecord(spec)) {
    const unit = type === undefined ? 'unix seconds' : 'seconds';
    throw invalid(path, `must be an object of privilege name to ${unit}`);
  }
  const names = type === undefined ? PRIVILEGE_NAMES_006 : PRIVILEGE_NAMES[type];
  return Object.entries(spec).map(([name, seconds]): [number, number] => {
    const id = lookupId(names, name);
    if (id === undefined || id > 0xffff) {
      throw invalid(
        `${path}.${name}`,
        type ? `is not a privilege of ${SERVICE_NAMES[type]}` : 'is not a 006 privilege',
      );
    }
    if (type === undefined) {
      return [id, uint32(seconds, `${path}.${name}`)];
    }
    if (typeof seconds !== 'number') {
      throw invalid(`${path}.${name}`, 'must be a number of seconds');
    }
    return [id, seconds];
  });
}

function permissionsFromSpec(spec: unknown, path: string): Rtm2Permission[] {
  if (spec === undefined) {
    return [];
  }
  if (!Array.isArray(spec)) {
    throw invalid(path, 'must be a list');
  }
  return spec.map((entry: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(entry)) {
      throw invalid(at, 'must be an object');
    }
    assertKnownKeys(entry, ['resource', 'permission', 'names'], at);
    const resourceType = lookupId(RTM2_RESOURCE_NAMES, stringField(entry, 'resource', at));
    const permissionType = lookupId(RTM2_PERMISSION_NAMES, stringField(entry, 'permission', at));
    if (resourceType === undefined || permissionType === undefined) {
      throw invalid(at, 'names an unknown resource or permission');
    }
    const names = entry.names;
    if (!Array.isArray(names) || names.some((name) => typeof name !== 'string')) {
      throw invalid(`${at}.names`, 'must be a list of strings');
    }
    return { resourceType, permissionType, resources: names as string[] };
  });
}

/** One JSON service in the packed form, refusing unknown fields and wrong types. */
function serviceFromSpec(spec: unknown, path: string): KnownService {
  if (!isRecord(spec)) {
    throw invalid(path, 'must be an object');
  }
  const name = spec.service;
  if (typeof name !== 'string' || !Object.hasOwn(SERVICE_TYPES, name)) {
    throw invalid(`${path}.service`, `must be one of ${Object.keys(SERVICE_TYPES).join(', ')}`);
  }
  const service = name as ServiceName;
  assertKnownKeys(spec, SERVICE_KEYS[service]!, path);
  const type = SERVICE_TYPES[service];
  const privileges = privilegesFromSpec(spec.privileges, `${path}.privileges`, type);
  const text = (key: string, fallback?: string) => stringField(spec, key, path, fallback);
  // RTC, Streaming and FCDN name their user by a numeric uid or, instead, an account.
  const user = (): number | string => {
    if ((spec.uid === undefined) === (spec.account === undefined)) {
      throw invalid(path, 'needs exactly one of uid (integer) or account (string)');
    }
    if (spec.uid !== undefined && typeof spec.uid !== 'number') {
      throw invalid(`${path}.uid`, 'must be an integer (use account for strings)');
    }
    return spec.uid ?? text('account');
  };
  switch (service) {
    case 'rtc':
      return { type: 1, privileges, channelName: text('channel'), uid: user() };
    case 'rtm':
      return { type: 2, privileges, userId: text('userId') };
    case 'rtm2': {
      const permissions = permissionsFromSpec(spec.permissions, `${path}.permissions`);
      return { type: 8, privileges, userId: text('userId'), permissions };
    }
    case 'chat':
      return { type: 5, privileges, userId: text('userId', '') };
    case 'apaas': {
      const role = spec.role ?? -1;
      if (typeof role !== 'number') {
        throw invalid(`${path}.role`, 'must be an integer');
      }
      const [roomUuid, userUuid] = [text('roomUuid', ''), text('userUuid', '')];
      return { type: 7, privileges, roomUuid, userUuid, role };
    }
    case 'streaming':
    case 'fcdn':
      return { type: type as 3 | 6, privileges, channelName: text('channel'), account: user() };
    case 'fpa':
    case 'convoai':
    case 'stt':
      return { type: type as 4 | 9 | 10, privileges };
  }
}

/** Privileges of a parsed token by name, unknown ids as decimal text. */
export function privilegesToSpec(
  names: Readonly<Record<number, string>>,
  privileges: PrivilegeList,
): PrivilegeSpec {
  const out: PrivilegeSpec = {};
  for (const [id, seconds] of privileges) {
    out[names[id] ?? String(id)] = seconds;
  }
  return out;
}

export const privileges006ToSpec = (privileges: PrivilegeList) =>
  privilegesToSpec(PRIVILEGE_NAMES_006, privileges);

const CANONICAL_UID = /^[1-9][0-9]{0,9}$/;

/**
 * The JSON form of a parsed service. An RTC user id that is the decimal text of a uid comes back
 * as `uid` (and "" as uid 0); any other text as `account`. Account "123" and uid 123 are the same
 * bytes on the wire, so they cannot be told apart.
 */
export function serviceToSpec(service: KnownService): ServiceSpec {
  const privileges = privilegesToSpec(PRIVILEGE_NAMES[service.type], service.privileges);
  switch (service.type) {
    case 1: {
      const text = String(service.uid);
      const channel = service.channelName;
      if (text === '' || (CANONICAL_UID.test(text) && Number(text) <= UINT32_MAX)) {
        return { service: 'rtc', channel, uid: Number(text), privileges };
      }
      return { service: 'rtc', channel, account: text, privileges };
    }
    case 2:
    case 5:
      return { service: SERVICE_NAMES[service.type], userId: service.userId, privileges };
    case 3:
    case 6:
      return {
        service: SERVICE_NAMES[service.type],
        channel: service.channelName,
        account: String(service.account),
        privileges,
      };
    case 7: {
      const { roomUuid, userUuid, role } = service;
      return { service: 'apaas', roomUuid, userUuid, role, privileges };
    }
    case 8:
      return {
        service: 'rtm2',
        userId: service.userId,
        privileges,
        permissions: service.permissions.map((p) => ({
          resource: RTM2_RESOURCE_NAMES[p.resourceType] ?? String(p.resourceType),
          permission: RTM2_PERMISSION_NAMES[p.permissionType] ?? String(p.permissionType),
          names: [...p.resources],
        })),
      };
    case 4:
    case 9:
    case 10:
      return { service: SERVICE_NAMES[service.type], privileges };
  }
}

function invalid(path: string, problem: string): TokenError {
  return new TokenError('ERR_SPEC_INVALID', `${path} ${problem}`);
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Json = Record<string, unknown>;

function assertKnownKeys(value: Json, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw invalid(`${path}.${key}`, 'is not a known field');
    }
  }
}

function stringField(value: Json, key: string, path: string, fallback?: string): string {
  const field = value[key];
  if (field === undefined && fallback !== undefined) {
    return fallback;
  }
  if (typeof field !== 'string') {
    throw invalid(`${path}.${key}`, 'must be a string');
  }
  return field;
}

/** Each name table reversed once: a token request looks names up on every build. */
const idsByName = new Map<object, Map<string, number>>();

function lookupId(names: Readonly<Record<number, string>>, name: string): number | undefined {
  let ids = idsByName.get(names);
  if (ids === undefined) {
    // Reversed so the lowest id wins a shared name, as a scan in id order would find it.
    ids = new Map<string, number>();
    for (const [id, known] of Object.entries(names).reverse()) {
      ids.set(known, Number(id));
    }
    idsByName.set(names, ids);
  }
  const id = ids.get(name);
  if (id !== undefined) {
    return id;
  }
  // Decimal ids stand for privileges (or permissions) without a name, so any token round-trips.
  return /^(0|[1-9][0-9]{0,4})$/.test(name) ? Number(name) : undefined;
}
