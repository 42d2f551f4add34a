import type { Compression } from './compression';
import { COMPRESSIONS } from './compression';
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

/**
 * The JSON shape shared by `buildToken` and `inspectToken`: privileges by name (or
 * decimal id) with seconds after issue; services by name.
 */
export type PrivilegeSpec = Record<string, number>;

export interface Rtm2PermissionSpec {
  resource: string;
  permission: string;
  names: string[];
}

export type ServiceSpec =
  | { service: 'rtc'; channel: string; uid?: number; account?: string; privileges?: PrivilegeSpec }
  | { service: 'rtm'; userId: string; privileges?: PrivilegeSpec }
  | {
      service: 'rtm2';
      userId: string;
      privileges?: PrivilegeSpec;
      permissions?: Rtm2PermissionSpec[];
    }
  | { service: 'chat'; userId?: string; privileges?: PrivilegeSpec }
  | { service: 'fpa'; privileges?: PrivilegeSpec }
  | {
      service: 'apaas';
      roomUuid?: string;
      userUuid?: string;
      role?: number;
      privileges?: PrivilegeSpec;
    }
  | {
      service: 'streaming' | 'fcdn';
      channel: string;
      /** A numeric uid (0 packs as "", like RTC) or, instead, an `account`. */
      uid?: number;
      account?: string;
      privileges?: PrivilegeSpec;
    }
  | { service: 'convoai'; privileges?: PrivilegeSpec }
  | { service: 'stt'; privileges?: PrivilegeSpec };

export interface TokenSpec007 {
  version?: '007';
  appId: string;
  appCertificate: string;
  /** Unix seconds; defaults to now. */
  issuedAt?: number;
  /** Lifetime in seconds after issuedAt. */
  expire: number;
  /** Defaults to a random 1..99999999. */
  salt?: number;
  services: ServiceSpec[];
  compression?: Compression;
}

const SERVICE_TYPES = Object.fromEntries(
  Object.entries(SERVICE_NAMES).map(([type, name]) => [name, Number(type)]),
) as Record<ServiceName, KnownServiceType>;

/** Fields each service accepts besides `service` and `privileges`. */
const SERVICE_FIELDS: Record<ServiceName, readonly string[]> = {
  rtc: ['channel', 'uid', 'account'],
  rtm: ['userId'],
  rtm2: ['userId', 'permissions'],
  chat: ['userId'],
  fpa: [],
  apaas: ['roomUuid', 'userUuid', 'role'],
  streaming: ['channel', 'uid', 'account'],
  fcdn: ['channel', 'uid', 'account'],
  convoai: [],
  stt: [],
};

const TOP_LEVEL_FIELDS = [
  'version',
  'appId',
  'appCertificate',
  'issuedAt',
  'expire',
  'salt',
  'services',
  'compression',
];

function invalid(path: string, problem: string): TokenError {
  return new TokenError('ERR_SPEC_INVALID', `${path} ${problem}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function assertKnownKeys(
  value: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw invalid(`${path}.${key}`, 'is not a known field');
    }
  }
}

function stringField(
  value: Record<string, unknown>,
  key: string,
  path: string,
  fallback?: string,
): string {
  const field = value[key];
  if (field === undefined && fallback !== undefined) {
    return fallback;
  }
  if (typeof field !== 'string') {
    throw invalid(`${path}.${key}`, 'must be a string');
  }
  return field;
}

function lookupId(names: Readonly<Record<number, string>>, name: string): number | undefined {
  for (const [id, known] of Object.entries(names)) {
    if (known === name) {
      return Number(id);
    }
  }
  // Decimal ids stand for privileges (or permissions) that have no name, so any token round-trips.
  return /^(0|[1-9][0-9]{0,4})$/.test(name) ? Number(name) : undefined;
}

function privilegesFromSpec(type: KnownServiceType, spec: unknown, path: string): PrivilegeList {
  if (spec === undefined) {
    return [];
  }
  if (!isRecord(spec)) {
    throw invalid(path, 'must be an object of privilege name to seconds');
  }
  return Object.entries(spec).map(([name, seconds]) => {
    const id = lookupId(PRIVILEGE_NAMES[type], name);
    if (id === undefined || id > 0xffff) {
      throw invalid(`${path}.${name}`, `is not a privilege of ${SERVICE_NAMES[type]}`);
    }
    if (typeof seconds !== 'number') {
      throw invalid(`${path}.${name}`, 'must be a number of seconds');
    }
    return [id, seconds] as const;
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

/** Turns one JSON service into the packed form, refusing unknown fields and wrong types. */
export function serviceFromSpec(spec: unknown, path: string): KnownService {
  if (!isRecord(spec)) {
    throw invalid(path, 'must be an object');
  }
  const name = spec.service;
  if (typeof name !== 'string' || !Object.hasOwn(SERVICE_TYPES, name)) {
    throw invalid(`${path}.service`, `must be one of ${Object.keys(SERVICE_TYPES).join(', ')}`);
  }
  const service = name as ServiceName;
  assertKnownKeys(spec, ['service', 'privileges', ...SERVICE_FIELDS[service]], path);
  const type = SERVICE_TYPES[service];
  const privileges = privilegesFromSpec(type, spec.privileges, `${path}.privileges`);
  // RTC, Streaming and FCDN name their user by a numeric uid or, instead, an account.
  const user = (): number | string => {
    if ((spec.uid === undefined) === (spec.account === undefined)) {
      throw invalid(path, 'needs exactly one of uid (integer) or account (string)');
    }
    if (spec.uid !== undefined && typeof spec.uid !== 'number') {
      throw invalid(`${path}.uid`, 'must be an integer (use account for strings)');
    }
    return spec.uid ?? stringField(spec, 'account', path);
  };
  switch (service) {
    case 'rtc':
      return { type: 1, privileges, channelName: stringField(spec, 'channel', path), uid: user() };
    case 'rtm':
      return { type: 2, privileges, userId: stringField(spec, 'userId', path) };
    case 'rtm2':
      return {
        type: 8,
        privileges,
        userId: stringField(spec, 'userId', path),
        permissions: permissionsFromSpec(spec.permissions, `${path}.permissions`),
      };
    case 'chat':
      return { type: 5, privileges, userId: stringField(spec, 'userId', path, '') };
    case 'apaas': {
      const role = spec.role ?? -1;
      if (typeof role !== 'number') {
        throw invalid(`${path}.role`, 'must be an integer');
      }
      return {
        type: 7,
        privileges,
        roomUuid: stringField(spec, 'roomUuid', path, ''),
        userUuid: stringField(spec, 'userUuid', path, ''),
        role,
      };
    }
    case 'streaming':
    case 'fcdn':
      return {
        type: type as 3 | 6,
        privileges,
        channelName: stringField(spec, 'channel', path),
        account: user(),
      };
    case 'fpa':
    case 'convoai':
    case 'stt':
      return { type: type as 4 | 9 | 10, privileges };
  }
}

/** Validates a whole JSON 007 spec (from a file, the CLI or a test). */
export function tokenSpecFromJson(value: unknown): TokenSpec007 & { serviceList: KnownService[] } {
  if (!isRecord(value)) {
    throw invalid('spec', 'must be a JSON object');
  }
  assertKnownKeys(value, TOP_LEVEL_FIELDS, 'spec');
  if (value.version !== undefined && value.version !== '007') {
    throw invalid('spec.version', 'must be "007" here');
  }
  for (const key of ['issuedAt', 'expire', 'salt'] as const) {
    if (value[key] !== undefined && typeof value[key] !== 'number') {
      throw invalid(`spec.${key}`, 'must be an integer');
    }
  }
  if (value.expire === undefined) {
    throw invalid('spec.expire', 'is required (seconds)');
  }
  if (value.compression !== undefined && !COMPRESSIONS.includes(value.compression as Compression)) {
    throw invalid('spec.compression', `must be one of ${COMPRESSIONS.join(', ')}`);
  }
  if (!Array.isArray(value.services)) {
    throw invalid('spec.services', 'must be a list');
  }
  const serviceList = value.services.map((s: unknown, i) =>
    serviceFromSpec(s, `spec.services[${i}]`),
  );
  return {
    ...(value as unknown as TokenSpec007),
    appId: stringField(value, 'appId', 'spec'),
    appCertificate: stringField(value, 'appCertificate', 'spec'),
    serviceList,
  };
}

function privilegesToSpec(type: KnownServiceType, privileges: PrivilegeList): PrivilegeSpec {
  const names = PRIVILEGE_NAMES[type];
  const out: PrivilegeSpec = {};
  for (const [id, seconds] of privileges) {
    out[names[id] ?? String(id)] = seconds;
  }
  return out;
}

const CANONICAL_UID = /^[1-9][0-9]{0,9}$/;

/**
 * The JSON form of a parsed service. An RTC user id that is the decimal text of a uid comes back
 * as `uid` (and "" as uid 0); any other text as `account`. Account "123" and uid 123 are the same
 * bytes on the wire, so they cannot be told apart.
 */
export function serviceToSpec(service: KnownService): ServiceSpec {
  const privileges = privilegesToSpec(service.type, service.privileges);
  switch (service.type) {
    case 1: {
      const text = String(service.uid);
      if (text === '') {
        return { service: 'rtc', channel: service.channelName, uid: 0, privileges };
      }
      if (CANONICAL_UID.test(text) && Number(text) <= 0xffff_ffff) {
        return { service: 'rtc', channel: service.channelName, uid: Number(text), privileges };
      }
      return { service: 'rtc', channel: service.channelName, account: text, privileges };
    }
    case 2:
      return { service: 'rtm', userId: service.userId, privileges };
    case 5:
      return { service: 'chat', userId: service.userId, privileges };
    case 3:
    case 6:
      return {
        service: SERVICE_NAMES[service.type],
        channel: service.channelName,
        account: String(service.account),
        privileges,
      };
    case 7:
      return {
        service: 'apaas',
        roomUuid: service.roomUuid,
        userUuid: service.userUuid,
        role: service.role,
        privileges,
      };
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
