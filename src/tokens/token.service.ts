import { Inject, Injectable } from '@nestjs/common';
import {
  ApaasPrivilege,
  buildAccessToken006,
  buildAccessToken2,
  buildChatAppToken,
  buildChatUserToken,
  buildRtcToken006WithAccount,
  buildRtcToken006WithUid,
  buildRtmToken,
  buildRtmTokenWithPermissions,
  ChatPrivilege,
  FcdnPrivilege,
  FpaPrivilege,
  inspectToken,
  isTokenError,
  PRIVILEGE_NAMES,
  Privilege006,
  Role006,
  Rtm2PermissionType,
  Rtm2ResourceType,
  RtcPrivilege,
  RtmPrivilege,
  SERVICE_NAMES,
  StreamingPrivilege,
  type InspectedToken,
  type KnownService,
  type PrivilegeList,
  type Rtm2Permission,
  type Service,
  type SignatureCheck,
} from '../agora-token';
import type { AppSession } from '../auth/app-session';
import { ApiException } from '../common/api-error';
import { type AgoraProject, AgoraProjects } from '../config/agora-projects';
import type { RtcPrivilegeSeconds, RtmPermission, RtmResource } from '../policy/policy-request';
import { CLOCK, type Clock } from './clock';
import type { ChatTokenResponseDto } from './dto/chat.dto';
import type { InspectTokenDto } from './dto/inspect.dto';
import type { InspectTokenResponseDto } from './dto/inspect.dto';
import type { IssuedTokenDto } from './dto/issued-token.dto';
import type { MultiTokenResponseDto } from './dto/multi-token.dto';
import type { RtcTokenResponseDto } from './dto/rtc.dto';
import type { RtmTokenResponseDto } from './dto/rtm.dto';
import type { SignatureCheckDto } from './dto/inspect.dto';
import { TokenAuditService } from './token-audit.service';
import { toTokenApiException } from './token-error-codes';
import {
  auditSubject,
  type ChatIssue,
  identityOf,
  type Issue,
  type MultiIssue,
  privilegeEntries,
  type RtcIssue,
  type RtmIssue,
  type ServicePlan,
} from './token-issue';
import { inSpan } from '../tracing/in-span';

const RTC_PRIVILEGE_IDS: Readonly<Record<keyof RtcPrivilegeSeconds, number>> = {
  joinChannel: RtcPrivilege.JoinChannel,
  publishAudioStream: RtcPrivilege.PublishAudioStream,
  publishVideoStream: RtcPrivilege.PublishVideoStream,
  publishDataStream: RtcPrivilege.PublishDataStream,
};
const RTC_006_PRIVILEGE_IDS: Readonly<Record<keyof RtcPrivilegeSeconds, number>> = {
  joinChannel: Privilege006.JoinChannel,
  publishAudioStream: Privilege006.PublishAudioStream,
  publishVideoStream: Privilege006.PublishVideoStream,
  publishDataStream: Privilege006.PublishDataStream,
};
const RTM2_RESOURCE_IDS: Readonly<Record<RtmResource, number>> = {
  messageChannels: Rtm2ResourceType.MessageChannels,
  streamChannels: Rtm2ResourceType.StreamChannels,
  groupChannels: Rtm2ResourceType.GroupChannels,
  serverGroups: Rtm2ResourceType.ServerGroups,
  users: Rtm2ResourceType.Users,
};

/**
 * Config + clock + the token library: the only place that builds or reads tokens. Signs with the
 * project's active certificate, 007 unless 006 is asked for. Library failures become a 400 with a
 * stable code (never a 500, never an empty token); every issuance and every refusal is audited.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly projects: AgoraProjects,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly audit: TokenAuditService,
  ) {}

  issue(session: AppSession, issue: RtcIssue, requestId?: string): RtcTokenResponseDto;
  issue(session: AppSession, issue: RtmIssue, requestId?: string): RtmTokenResponseDto;
  issue(session: AppSession, issue: ChatIssue, requestId?: string): ChatTokenResponseDto;
  issue(session: AppSession, issue: MultiIssue, requestId?: string): MultiTokenResponseDto;
  issue(session: AppSession, issue: Issue, requestId?: string): IssuedTokenDto;
  issue(session: AppSession, issue: Issue, requestId?: string): IssuedTokenDto {
    // One set of projects for the whole request, whatever a concurrent reload swaps in.
    const projects = this.projects.current();
    const project = issue.project ?? projects.defaultProject.name;
    const subject = { ...auditSubject(issue), project, requestId };
    try {
      const found = projects.get(issue.project);
      if (!found) {
        throw new ApiException(400, 'UNKNOWN_PROJECT', 'unknown project');
      }
      const response = inSpan('token.build', () =>
        this.build(issue, found, this.clock.nowSeconds()),
      );
      this.audit.issued(session, { ...subject, expiresAt: response.expiresAt });
      return response;
    } catch (error) {
      const refusal = isTokenError(error) ? toTokenApiException(error) : error;
      if (refusal instanceof ApiException) {
        this.audit.denied(session, { ...subject, reason: refusal.code });
      }
      throw refusal;
    }
  }

  /**
   * Reads any supported token, adds absolute expiry times, and checks its signature against every
   * configured certificate of its App ID (reporting only the verdicts, never a certificate).
   */
  inspect(dto: InspectTokenDto): InspectTokenResponseDto {
    const inspected = read(() => inspectToken(dto.token));
    return {
      ...withExpiries(inspected, this.clock.nowSeconds()),
      ...this.signatures(dto, inspected.appId),
    };
  }

  private build(issue: Issue, project: AgoraProject, issuedAt: number): IssuedTokenDto {
    switch (issue.kind) {
      case 'rtc':
        return issue.version === '006'
          ? this.rtc006(issue, project, issuedAt)
          : this.rtc007(issue, project, issuedAt);
      case 'rtm':
        return this.rtm(issue, project, issuedAt);
      case 'chat':
        return this.chat(issue, project, issuedAt);
      case 'multi':
        return this.multi(issue, project, issuedAt);
    }
  }

  private rtc007(issue: RtcIssue, project: AgoraProject, issuedAt: number): RtcTokenResponseDto {
    const { channel, privileges, rtm, ttlSeconds } = issue.request;
    const services: Service[] = [rtcService(channel, userOf(issue.request), privileges)];
    if (rtm) {
      const login: PrivilegeList = [[RtmPrivilege.Login, rtm.ttlSeconds ?? ttlSeconds]];
      services.push({ type: 2, privileges: login, userId: rtm.userId });
    }
    const token = buildAccessToken2({ ...signer(project), issuedAt, expire: ttlSeconds, services });
    return this.rtcResponse(token, '007', issue, project, issuedAt);
  }

  /**
   * 006 privileges are absolute unix times and `ts` is the token's own expiry. The reference
   * builder gives every privilege one time; differing times go through the low-level builder,
   * which writes the same bytes for equal ones.
   */
  private rtc006(issue: RtcIssue, project: AgoraProject, issuedAt: number): RtcTokenResponseDto {
    const { request } = issue;
    const { appId, appCertificate } = signer(project);
    const ts = issuedAt + request.ttlSeconds;
    const entries = privilegeEntries(request.privileges);
    const base = { appId, appCertificate, channelName: request.channel, ts };
    let token: string;
    if (entries.every(([, value]) => value === request.privileges.joinChannel)) {
      const role = request.role === 'publisher' ? Role006.Publisher : Role006.Subscriber;
      const options = {
        ...base,
        role,
        privilegeExpiredTs: issuedAt + request.privileges.joinChannel,
      };
      token =
        request.uid !== undefined
          ? buildRtcToken006WithUid({ ...options, uid: request.uid })
          : buildRtcToken006WithAccount({ ...options, account: request.account });
    } else {
      const privileges = entries.map(([name, value]): [number, number] => [
        RTC_006_PRIVILEGE_IDS[name],
        issuedAt + value,
      ]);
      token = buildAccessToken006({ ...base, uid: userOf(request), privileges });
    }
    return this.rtcResponse(token, '006', issue, project, issuedAt);
  }

  private rtcResponse(
    token: string,
    version: '007' | '006',
    issue: RtcIssue,
    project: AgoraProject,
    issuedAt: number,
  ): RtcTokenResponseDto {
    const { channel, role, privileges, rtm, ttlSeconds } = issue.request;
    return {
      ...envelope(token, version, project, issuedAt, ttlSeconds),
      channel,
      ...identityOf(issue.request),
      role,
      privilegeExpiresAt: mapValues(privileges, (seconds) => iso(issuedAt + seconds)),
      ...(rtm && {
        rtm: { userId: rtm.userId, expiresAt: iso(issuedAt + (rtm.ttlSeconds ?? ttlSeconds)) },
      }),
    };
  }

  private rtm(issue: RtmIssue, project: AgoraProject, issuedAt: number): RtmTokenResponseDto {
    const { userId, ttlSeconds, permissions } = issue.request;
    const options = { ...signer(project), issuedAt, userId, expireSeconds: ttlSeconds };
    const token = permissions
      ? buildRtmTokenWithPermissions({ ...options, permissions: permissions.map(toRtm2) })
      : buildRtmToken(options);
    return {
      ...envelope(token, '007', project, issuedAt, ttlSeconds),
      userId,
      service: permissions ? 'rtm2' : 'rtm',
      ...(permissions && { permissions: permissions.map((p) => ({ ...p, names: [...p.names] })) }),
      privilegeExpiresAt: { login: iso(issuedAt + ttlSeconds) },
    };
  }

  private chat(issue: ChatIssue, project: AgoraProject, issuedAt: number): ChatTokenResponseDto {
    const { request } = issue;
    const options = { ...signer(project), issuedAt, expireSeconds: request.ttlSeconds };
    const token =
      request.chatKind === 'app'
        ? buildChatAppToken(options)
        : buildChatUserToken({ ...options, userId: request.userId });
    return {
      ...envelope(token, '007', project, issuedAt, request.ttlSeconds),
      kind: request.chatKind,
      ...(request.chatKind === 'user' && { userId: request.userId }),
      privilegeExpiresAt: { [request.chatKind]: iso(issuedAt + request.ttlSeconds) },
    };
  }

  private multi(issue: MultiIssue, project: AgoraProject, issuedAt: number): MultiTokenResponseDto {
    const { ttlSeconds } = issue;
    const services = issue.services.map((plan) => packService(plan, ttlSeconds));
    const token = buildAccessToken2({ ...signer(project), issuedAt, expire: ttlSeconds, services });
    // Listed as packed: stable-sorted by service type.
    const packed = [...services].sort((a, b) => a.type - b.type) as KnownService[];
    return {
      ...envelope(token, '007', project, issuedAt, ttlSeconds),
      services: packed.map((service) => ({
        service: SERVICE_NAMES[service.type],
        privilegeExpiresAt: Object.fromEntries(
          service.privileges.map(([id, seconds]) => [
            PRIVILEGE_NAMES[service.type][id] ?? String(id),
            iso(issuedAt + seconds),
          ]),
        ),
      })),
    };
  }

  private signatures(
    dto: InspectTokenDto,
    appId: string,
  ): { signatures: SignatureCheckDto[]; note?: string } {
    const project = this.projects.current().findByAppId(appId);
    if (!project) {
      return { signatures: [], note: 'no configured project has this App ID' };
    }
    const legacy = { channelName: dto.channel, uid: dto.uid ?? dto.account };
    const checks = project.certificates.map(({ slot, value }) => ({
      slot,
      result: read(() => inspectToken(dto.token, { ...legacy, appCertificate: value })),
    }));
    const unchecked = checks.find(({ result }) => result.signatureValid === undefined);
    if (unchecked) {
      const why = (unchecked.result as SignatureCheck).signatureNote ?? 'cannot be verified';
      return { signatures: [], note: `signature not checked: ${why}` };
    }
    return {
      signatures: checks.map(({ slot, result }) => ({
        project: project.name,
        certificate: slot,
        valid: result.signatureValid === true,
      })),
    };
  }
}

/** App ID and the active certificate (secret: it only ever reaches the library). */
function signer(project: AgoraProject): { appId: string; appCertificate: string } {
  return { appId: project.appId, appCertificate: project.activeCertificate };
}

function envelope(
  token: string,
  version: '007' | '006',
  project: AgoraProject,
  issuedAt: number,
  ttlSeconds: number,
): IssuedTokenDto {
  const expiresAt = issuedAt + ttlSeconds;
  return {
    token,
    version,
    appId: project.appId,
    project: project.name,
    issuedAt: iso(issuedAt),
    expiresAt: iso(expiresAt),
    issuedAtUnix: issuedAt,
    expiresAtUnix: expiresAt,
    expiresInSeconds: ttlSeconds,
  };
}

function rtcService(
  channelName: string,
  uid: number | string,
  privileges: RtcPrivilegeSeconds,
): Service {
  const list = privilegeEntries(privileges).map(([name, seconds]): [number, number] => [
    RTC_PRIVILEGE_IDS[name],
    seconds,
  ]);
  return { type: 1, channelName, uid, privileges: list };
}

function packService(plan: ServicePlan, ttl: number): Service {
  switch (plan.service) {
    case 'rtc':
      return rtcService(plan.channel, userOf(plan), plan.privileges);
    case 'rtm':
      return { type: 2, privileges: [[RtmPrivilege.Login, ttl]], userId: plan.userId };
    case 'rtm2':
      return {
        type: 8,
        privileges: [[RtmPrivilege.Login, ttl]],
        userId: plan.userId,
        permissions: (plan.permissions ?? []).map(toRtm2),
      };
    case 'streaming': {
      const { publishMixStream: mix, publishRawStream: raw } = plan.privileges;
      const privileges: Array<[number, number]> = [];
      if (mix !== undefined) {
        privileges.push([StreamingPrivilege.PublishMixStream, mix]);
      }
      if (raw !== undefined) {
        privileges.push([StreamingPrivilege.PublishRawStream, raw]);
      }
      return { type: 3, channelName: plan.channel, account: userOf(plan), privileges };
    }
    case 'fpa':
      return { type: 4, privileges: [[FpaPrivilege.Login, ttl]] };
    case 'chat':
      return plan.chatKind === 'app'
        ? { type: 5, privileges: [[ChatPrivilege.App, ttl]], userId: '' }
        : { type: 5, privileges: [[ChatPrivilege.User, ttl]], userId: plan.userId ?? '' };
    case 'fcdn': {
      const privileges: Array<[number, number]> =
        plan.role === 'publisher'
          ? [
              [FcdnPrivilege.Publish, ttl],
              [FcdnPrivilege.Play, ttl],
            ]
          : [[FcdnPrivilege.Play, ttl]];
      return { type: 6, channelName: plan.channel, account: userOf(plan), privileges };
    }
    case 'apaas': {
      const { roomUuid, userUuid, role } = plan;
      // As Agora's builders: a room makes a room-user token, else a user, else an app token.
      const privilege =
        roomUuid !== ''
          ? ApaasPrivilege.RoomUser
          : userUuid !== ''
            ? ApaasPrivilege.User
            : ApaasPrivilege.App;
      return { type: 7, privileges: [[privilege, ttl]], roomUuid, userUuid, role };
    }
    case 'convoai':
      return { type: 9, privileges: [] };
    case 'stt':
      return { type: 10, privileges: [] };
  }
}

function toRtm2({ resource, permission, names }: RtmPermission): Rtm2Permission {
  return {
    resourceType: RTM2_RESOURCE_IDS[resource],
    permissionType: permission === 'read' ? Rtm2PermissionType.Read : Rtm2PermissionType.Write,
    resources: names,
  };
}

/** The user field as the library packs it: the uid number (0 = any user) or the account text. */
function userOf(identity: { uid?: number; account?: string }): number | string {
  return identity.uid ?? identity.account ?? '';
}

/**
 * The inspection with absolute times: 007 privileges (seconds after issue; 0 lasts as long as the
 * token) and 006 privileges (absolute; 0 is no limit) as ISO-8601, plus the token's expiry.
 */
function withExpiries(
  inspected: InspectedToken,
  now: number,
): Omit<InspectTokenResponseDto, 'signatures' | 'note'> {
  let expiresAt: number | undefined;
  let extra: Partial<InspectTokenResponseDto> = {};
  switch (inspected.version) {
    case '007': {
      const end = inspected.issuedAt + inspected.expire;
      expiresAt = end;
      const services = inspected.services.map((service) => ({
        ...service,
        privileges: service.privileges ?? {},
        privilegeExpiresAt: mapValues(service.privileges ?? {}, (seconds) =>
          iso(seconds === 0 ? end : inspected.issuedAt + seconds),
        ),
      }));
      extra = { services };
      break;
    }
    case '006':
      expiresAt = inspected.ts;
      extra = {
        privilegeExpiresAt: mapValues(inspected.privileges, (ts) => (ts === 0 ? null : iso(ts))),
      };
      break;
    case 'dk1':
      break;
    case '005':
    case '004':
    case '003':
    case 'dk2':
    case 'signaling':
      // 0 is "no expiry" in these formats.
      expiresAt = inspected.expiredTs === 0 ? undefined : inspected.expiredTs;
  }
  return {
    ...inspected,
    ...extra,
    ...(expiresAt !== undefined && { expiresAt: iso(expiresAt) }),
    expired: expiresAt !== undefined && now >= expiresAt,
  } as Omit<InspectTokenResponseDto, 'signatures' | 'note'>;
}

/** Runs a library call, turning its TokenError into the API's 400. */
function read<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw isTokenError(error) ? toTokenApiException(error) : error;
  }
}

/** Recently formatted times: a busy second formats the same few expiry times again and again. */
const isoCache = new Map<number, string>();
const ISO_CACHE_SIZE = 64;

function iso(unixSeconds: number): string {
  let text = isoCache.get(unixSeconds);
  if (text === undefined) {
    text = new Date(unixSeconds * 1000).toISOString();
    if (isoCache.size >= ISO_CACHE_SIZE) {
      isoCache.clear();
    }
    isoCache.set(unixSeconds, text);
  }
  return text;
}

/** A record of seconds (privilege name to seconds or unix time), each value mapped. */
function mapValues<U>(record: object, map: (value: number) => U): Record<string, U> {
  return Object.fromEntries(
    Object.entries(record as Record<string, number>).map(([key, value]) => [key, map(value)]),
  );
}
