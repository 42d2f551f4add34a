/** AccessToken2 (007) services: types, privilege ids, fields; named as Agora's parse tool. */
export type KnownServiceType = KnownService['type'];

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

/** RTM2 resource and permission types of the permissions block, by id. */
export const RTM2_RESOURCE_NAMES: readonly string[] =
  'messageChannels streamChannels groupChannels serverGroups users'.split(' ');
export const RTM2_PERMISSION_NAMES: readonly string[] = ['read', 'write'];

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
 * User ids of RTC (`uid`) and of Streaming/FCDN (`account`) follow Agora's conversion: the number 0
 * is "" (any user), other numbers their decimal text, strings unchanged. Parsed: the wire text.
 */
export type KnownService =
  | (ServiceBase<1> & { channelName: string; uid: number | string })
  | (ServiceBase<3 | 6> & { channelName: string; account: number | string })
  /** RTM, and Chat ("" for app tokens). */
  | (ServiceBase<2 | 5> & { userId: string })
  /** `role` is signed 16-bit; -1 when not given. */
  | (ServiceBase<7> & { roomUuid: string; userUuid: string; role: number })
  | (ServiceBase<8> & { userId: string; permissions: readonly Rtm2Permission[] })
  | ServiceBase<4 | 9 | 10>;

/** An unknown type: built as type and privileges (as the references), unreadable past it. */
export type UnknownService = ServiceBase<number>;

export type Service = KnownService | UnknownService;
