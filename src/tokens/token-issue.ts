import type {
  ChatPolicyRequest,
  InspectPolicyRequest,
  MultiServicePolicyRequest,
  RtcPolicyRequest,
  RtcPrivilegeSeconds,
  RtcRole,
  RtmPermission,
  RtmPolicyRequest,
  ServicePolicyRequest,
  UserIdentity,
} from '../policy/policy-request';

/**
 * An issuance, fully resolved: every default applied, every cross-field rule checked. The policy
 * judges its `request`; the token service builds exactly what it describes, nothing more.
 */
export type Issue = RtcIssue | RtmIssue | ChatIssue | MultiIssue;

export type TokenVersion = '007' | '006';

interface IssueBase {
  /** Configured project name; undefined for the default project. */
  project?: string;
}

/** RTC privileges after defaults: exactly the ones the token will carry. */
export type ResolvedRtcPrivileges = RtcPrivilegeSeconds & { joinChannel: number };

export interface RtcIssue extends IssueBase {
  kind: 'rtc';
  version: TokenVersion;
  request: RtcPolicyRequest & { privileges: ResolvedRtcPrivileges };
}

export interface RtmIssue extends IssueBase {
  kind: 'rtm';
  /** With `permissions` the token is RTM2. */
  request: RtmPolicyRequest;
}

export interface ChatIssue extends IssueBase {
  kind: 'chat';
  request: ChatPolicyRequest;
}

export interface MultiIssue extends IssueBase {
  kind: 'multi';
  ttlSeconds: number;
  /** What to pack. The policy request below cannot tell RTM from RTM2 without permissions. */
  services: readonly ServicePlan[];
  request: MultiServicePolicyRequest;
}

/** `POST /v1/tokens/inspect` issues nothing, but the policy judges it like the others. */
export interface InspectIssue {
  kind: 'inspect';
  request: InspectPolicyRequest;
  project?: undefined;
}

/** One service of a multi-service token; privileges in seconds after issue. */
export type ServicePlan =
  | ({
      service: 'rtc';
      channel: string;
      role: RtcRole;
      privileges: RtcPrivilegeSeconds;
    } & UserIdentity)
  | { service: 'rtm'; userId: string }
  | { service: 'rtm2'; userId: string; permissions?: readonly RtmPermission[] }
  | { service: 'chat'; chatKind: 'user' | 'app'; userId?: string }
  | { service: 'fpa' }
  | { service: 'apaas'; roomUuid: string; userUuid: string; role: number }
  | ({
      service: 'streaming';
      channel: string;
      privileges: StreamingPrivilegeSeconds;
    } & UserIdentity)
  | ({ service: 'fcdn'; channel: string; role: RtcRole } & UserIdentity)
  | { service: 'convoai' }
  | { service: 'stt' };

export interface StreamingPrivilegeSeconds {
  publishMixStream?: number;
  publishRawStream?: number;
}

/** The multi-service issue for `services`, with the policy request describing it. */
export function multiIssue(
  ttlSeconds: number,
  services: readonly ServicePlan[],
  project?: string,
): MultiIssue {
  const request: MultiServicePolicyRequest = {
    kind: 'multi',
    ttlSeconds,
    services: services.map((plan) => servicePolicyRequest(plan, ttlSeconds)),
  };
  return { kind: 'multi', ttlSeconds, services, request, project };
}

function servicePolicyRequest(plan: ServicePlan, ttlSeconds: number): ServicePolicyRequest {
  switch (plan.service) {
    case 'rtc': {
      const { channel, role, privileges } = plan;
      return { kind: 'rtc', channel, role, ttlSeconds, privileges, ...identityOf(plan) };
    }
    case 'rtm':
      return { kind: 'rtm', userId: plan.userId, ttlSeconds };
    case 'rtm2':
      // RTM2 without permissions grants a plain login; with them (even none) it needs the scope.
      return plan.permissions === undefined
        ? { kind: 'rtm', userId: plan.userId, ttlSeconds }
        : { kind: 'rtm', userId: plan.userId, ttlSeconds, permissions: plan.permissions };
    case 'chat':
      return plan.chatKind === 'app'
        ? { kind: 'chat', chatKind: 'app', ttlSeconds }
        : { kind: 'chat', chatKind: 'user', userId: plan.userId ?? '', ttlSeconds };
    case 'fpa':
    case 'convoai':
    case 'stt':
      return { kind: plan.service };
    case 'apaas':
      return { kind: 'apaas', roomUuid: plan.roomUuid, userUuid: plan.userUuid, role: plan.role };
    case 'streaming':
      return { kind: 'streaming', channel: plan.channel, ...identityOf(plan) };
    case 'fcdn':
      return { kind: 'fcdn', channel: plan.channel, role: plan.role, ...identityOf(plan) };
  }
}

/** The privileges that are set, as `[name, seconds]` pairs in join, audio, video, data order. */
export function privilegeEntries(
  privileges: RtcPrivilegeSeconds,
): Array<[keyof RtcPrivilegeSeconds, number]> {
  const names = [
    'joinChannel',
    'publishAudioStream',
    'publishVideoStream',
    'publishDataStream',
  ] as const;
  return names.flatMap((name) => {
    const seconds = privileges[name];
    return seconds === undefined ? [] : [[name, seconds] as [keyof RtcPrivilegeSeconds, number]];
  });
}

/** Just the uid or the account (never both keys, so spreading it keeps the union intact). */
export function identityOf(identity: UserIdentity): UserIdentity {
  return identity.uid !== undefined ? { uid: identity.uid } : { account: identity.account };
}

/** What an audit event says about the token, never the token itself. */
export interface AuditSubject {
  /** The route's kind of issuance. */
  kind: Issue['kind'] | 'inspect';
  /** Service names the token would hold. */
  services: string[];
  channel?: string;
  uid?: number;
  account?: string;
  role?: RtcRole;
}

export function auditSubject(issue: Issue | InspectIssue): AuditSubject {
  switch (issue.kind) {
    case 'rtc': {
      const { channel, role, rtm } = issue.request;
      const services = rtm ? ['rtc', 'rtm'] : ['rtc'];
      return { kind: 'rtc', services, channel, role, ...identityOf(issue.request) };
    }
    case 'rtm': {
      const service = issue.request.permissions === undefined ? 'rtm' : 'rtm2';
      return { kind: 'rtm', services: [service], account: issue.request.userId };
    }
    case 'chat':
      return { kind: 'chat', services: ['chat'], account: issue.request.userId };
    case 'multi':
      return { kind: 'multi', services: issue.services.map((s) => s.service), ...firstUser(issue) };
    case 'inspect':
      return { kind: 'inspect', services: [] };
  }
}

/** The channel, user and role of the first channel-bound service, for the audit line. */
function firstUser(issue: MultiIssue): Partial<AuditSubject> {
  for (const plan of issue.services) {
    if (plan.service === 'rtc' || plan.service === 'fcdn') {
      return { channel: plan.channel, role: plan.role, ...identityOf(plan) };
    }
    if (plan.service === 'streaming') {
      return { channel: plan.channel, role: 'publisher', ...identityOf(plan) };
    }
  }
  return {};
}
