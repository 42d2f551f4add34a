/**
 * What the authorization policy judges: one request per issuance route, built by the controller
 * after DTO validation and with defaults already applied (every lifetime is the effective value,
 * an omitted RTM user id is already resolved). The policy re-checks at run time every field it
 * relies on, so a hand-built or stale request can be denied but never widened.
 *
 * Wildcards (design §4): uid `0`, account `""` or `"*"`, channel `""` or `"*"` mean "any user" or
 * "any channel".
 */

/** RTC role: a publisher may send streams, a subscriber only receives. */
export type RtcRole = 'publisher' | 'subscriber';

/**
 * The user a uid-bearing service (RTC, Streaming, FCDN) is bound to: a numeric uid (integer
 * 0..2^32-1, 0 = any user) or a string account, never both.
 */
export type UserIdentity =
  { uid: number; account?: undefined } | { account: string; uid?: undefined };

/** Per-privilege lifetimes of an RTC service, in seconds after issue. */
export interface RtcPrivilegeSeconds {
  joinChannel?: number;
  publishAudioStream?: number;
  publishVideoStream?: number;
  publishDataStream?: number;
}

interface RtcFields {
  kind: 'rtc';
  /** Channel name, compared byte for byte with the session's grants. */
  channel: string;
  role: RtcRole;
  /** Token lifetime in seconds. */
  ttlSeconds: number;
  /** Per-privilege lifetimes in seconds; any publish privilege counts as publishing. */
  privileges?: RtcPrivilegeSeconds;
  /** An RTM login riding in the same token (`POST /v1/tokens/rtc` `rtm`), user id resolved. */
  rtm?: { userId: string; ttlSeconds?: number };
}

/** `POST /v1/tokens/rtc` (and the compatibility routes): one RTC service, optionally with RTM. */
export type RtcPolicyRequest = RtcFields & UserIdentity;

/** RTM2 resource names of the permissions block, as in the token spec. */
export type RtmResource =
  'messageChannels' | 'streamChannels' | 'groupChannels' | 'serverGroups' | 'users';

/** One RTM2 permission: read or write on the named resources. */
export interface RtmPermission {
  resource: RtmResource;
  permission: 'read' | 'write';
  names: readonly string[];
}

/** `POST /v1/tokens/rtm`: an RTM login; with `permissions` it becomes an RTM2 service. */
export interface RtmPolicyRequest {
  kind: 'rtm';
  userId: string;
  /** Token lifetime in seconds. */
  ttlSeconds: number;
  /** RTM2 permissions; present at all (even empty) means the `rtm:permissions` scope is needed. */
  permissions?: readonly RtmPermission[];
}

/** `POST /v1/tokens/chat` `{ kind: "user" }`: a Chat user token. */
export interface ChatUserPolicyRequest {
  kind: 'chat';
  chatKind: 'user';
  userId: string;
  /** Token lifetime in seconds. */
  ttlSeconds: number;
}

/** `POST /v1/tokens/chat` `{ kind: "app" }`: a Chat app token (the app's REST credential). */
export interface ChatAppPolicyRequest {
  kind: 'chat';
  chatKind: 'app';
  /** Token lifetime in seconds. */
  ttlSeconds: number;
  /** App tokens name no user. */
  userId?: undefined;
}

export type ChatPolicyRequest = ChatUserPolicyRequest | ChatAppPolicyRequest;

/** FPA login: bound to no user and no channel. */
export interface FpaPolicyRequest {
  kind: 'fpa';
}

/** APaaS (Flexible Classroom): the room acts as the channel, the user uuid as the account. */
export interface ApaasPolicyRequest {
  kind: 'apaas';
  /** Room uuid (the classroom's channel name); `""` for user and app tokens. */
  roomUuid: string;
  /** User uuid; `""` for app tokens. */
  userUuid: string;
  /** Classroom role (i16); `-1` means no room role (user and app tokens). */
  role: number;
}

/** Streaming: publishMixStream / publishRawStream on a channel, so it always publishes. */
export type StreamingPolicyRequest = { kind: 'streaming'; channel: string } & UserIdentity;

/** FCDN: `play` for a subscriber, `publish` and `play` for a publisher. */
export type FcdnPolicyRequest = { kind: 'fcdn'; channel: string; role: RtcRole } & UserIdentity;

/**
 * Conversational AI agent marker. The service itself binds nothing: the channel and identity ride
 * in the RTC and RTM services of the same request, which are judged by their own rules.
 */
export interface ConvoAiPolicyRequest {
  kind: 'convoai';
}

/** Speech-to-text marker; like ConvoAI, the channel and identity ride in sibling services. */
export interface SttPolicyRequest {
  kind: 'stt';
}

/** One service of a multi-service request. */
export type ServicePolicyRequest =
  | RtcPolicyRequest
  | RtmPolicyRequest
  | ChatPolicyRequest
  | FpaPolicyRequest
  | ApaasPolicyRequest
  | StreamingPolicyRequest
  | FcdnPolicyRequest
  | ConvoAiPolicyRequest
  | SttPolicyRequest;

/** `POST /v1/tokens`: one 007 token holding every listed service. */
export interface MultiServicePolicyRequest {
  kind: 'multi';
  /** Token lifetime in seconds. */
  ttlSeconds: number;
  /** At least one service; rtm with permissions stands for RTM2. */
  services: readonly ServicePolicyRequest[];
}

/** `POST /v1/tokens/inspect`: reading a token issues nothing but needs `tokens:inspect`. */
export interface InspectPolicyRequest {
  kind: 'inspect';
}

/** Every request the policy judges. Any other `kind` is denied. */
export type PolicyRequest =
  | RtcPolicyRequest
  | RtmPolicyRequest
  | ChatPolicyRequest
  | MultiServicePolicyRequest
  | InspectPolicyRequest;
