/**
 * AccessToken2 (007) service types, privilege ids and the fields each service carries.
 * Names follow Agora's parse tool and our token JSON shape.
 */
export const ServiceType = {
  Rtc: 1,
  Rtm: 2,
  Streaming: 3,
  Fpa: 4,
  Chat: 5,
  Fcdn: 6,
  Apaas: 7,
  Rtm2: 8,
  ConvoAi: 9,
  Stt: 10,
} as const;

export type KnownServiceType = (typeof ServiceType)[keyof typeof ServiceType];

export const RtcPrivilege = {
  JoinChannel: 1,
  PublishAudioStream: 2,
  PublishVideoStream: 3,
  PublishDataStream: 4,
} as const;
export const RtmPrivilege = { Login: 1 } as const;
export const StreamingPrivilege = { PublishMixStream: 1, PublishRawStream: 2 } as const;
export const FpaPrivilege = { Login: 1 } as const;
export const ChatPrivilege = { User: 1, App: 2 } as const;
export const FcdnPrivilege = { Publish: 1, Play: 2 } as const;
export const ApaasPrivilege = { RoomUser: 1, User: 2, App: 3 } as const;

/** RTM2 resource types of the permissions block (§1.6). */
export const Rtm2ResourceType = {
  MessageChannels: 0,
  StreamChannels: 1,
  GroupChannels: 2,
  ServerGroups: 3,
  Users: 4,
} as const;
export const Rtm2PermissionType = { Read: 0, Write: 1 } as const;

/** Lower-camel names used in the JSON shape, keyed by service type. */
export const SERVICE_NAMES = {
  1: 'rtc',
  2: 'rtm',
  3: 'streaming',
  4: 'fpa',
  5: 'chat',
  6: 'fcdn',
  7: 'apaas',
  8: 'rtm2',
  9: 'convoai',
  10: 'stt',
} as const satisfies Record<KnownServiceType, string>;

export type ServiceName = (typeof SERVICE_NAMES)[KnownServiceType];

/** Display names as Agora's parse tool prints them. */
export const SERVICE_TITLES: Record<KnownServiceType, string> = {
  1: 'RTC',
  2: 'RTM',
  3: 'Streaming',
  4: 'FPA',
  5: 'Chat',
  6: 'FCDN',
  7: 'APaaS',
  8: 'RTM2',
  9: 'ConvoAI',
  10: 'STT',
};

/** Privilege names per service type, by id. ConvoAI and STT define none. */
export const PRIVILEGE_NAMES: Record<KnownServiceType, Readonly<Record<number, string>>> = {
  1: { 1: 'joinChannel', 2: 'publishAudioStream', 3: 'publishVideoStream', 4: 'publishDataStream' },
  2: { 1: 'login' },
  3: { 1: 'publishMixStream', 2: 'publishRawStream' },
  4: { 1: 'login' },
  5: { 1: 'user', 2: 'app' },
  6: { 1: 'publish', 2: 'play' },
  7: { 1: 'roomUser', 2: 'user', 3: 'app' },
  8: { 1: 'login' },
  9: {},
  10: {},
};

export const RTM2_RESOURCE_NAMES: Readonly<Record<number, string>> = {
  0: 'messageChannels',
  1: 'streamChannels',
  2: 'groupChannels',
  3: 'serverGroups',
  4: 'users',
};
export const RTM2_PERMISSION_NAMES: Readonly<Record<number, string>> = { 0: 'read', 1: 'write' };

export function isKnownServiceType(type: number): type is KnownServiceType {
  return Number.isInteger(type) && type >= 1 && type <= 10;
}

/** `[privilegeId, secondsAfterIssue]` pairs. On build a repeated id keeps its last value. */
export type PrivilegeList = ReadonlyArray<readonly [id: number, seconds: number]>;

/** One RTM2 permission: a resource type, read or write, and the resource names in order. */
export interface Rtm2Permission {
  resourceType: number;
  permissionType: number;
  resources: readonly string[];
}

interface ServiceBase<T extends number> {
  type: T;
  privileges: PrivilegeList;
}

/**
 * A service as it is packed. User ids of RTC (`uid`) and of Streaming/FCDN (`account`) follow
 * Agora's conversion: the number 0 is "" (any user), other numbers their decimal text, strings
 * unchanged. When parsed they come back as the text on the wire.
 */
export interface RtcService extends ServiceBase<1> {
  channelName: string;
  uid: number | string;
}
export interface RtmService extends ServiceBase<2> {
  userId: string;
}
export interface StreamingService extends ServiceBase<3> {
  channelName: string;
  account: number | string;
}
export type FpaService = ServiceBase<4>;
export interface ChatService extends ServiceBase<5> {
  /** "" for app tokens. */
  userId: string;
}
export interface FcdnService extends ServiceBase<6> {
  channelName: string;
  account: number | string;
}
export interface ApaasService extends ServiceBase<7> {
  roomUuid: string;
  userUuid: string;
  /** Signed 16-bit; -1 when not given. */
  role: number;
}
export interface Rtm2Service extends ServiceBase<8> {
  userId: string;
  permissions: readonly Rtm2Permission[];
}
export type ConvoAiService = ServiceBase<9>;
export type SttService = ServiceBase<10>;

export type KnownService =
  | RtcService
  | RtmService
  | StreamingService
  | FpaService
  | ChatService
  | FcdnService
  | ApaasService
  | Rtm2Service
  | ConvoAiService
  | SttService;

/**
 * A service of a type this library does not know. It can be built (only its type and privilege
 * map are written, as the references' generic service does) but no parser can read past it.
 */
export interface UnknownService {
  type: number;
  privileges: PrivilegeList;
}

export type Service = KnownService | UnknownService;
