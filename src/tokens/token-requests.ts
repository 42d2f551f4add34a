import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiException } from '../common/api-error';
import { policyConfig } from '../config/policy.config';
import type { RtcRole, RtmPermission, UserIdentity } from '../policy/policy-request';
import { MAX_UID, USER_ID_MAX_BYTES } from './dto/agora-names';
import type { FetchRtcTokenDto } from './dto/compat.dto';
import type { GetTokenDto } from './dto/compat.dto';
import type { IssueChatTokenDto } from './dto/chat.dto';
import type { IssueRtcTokenDto } from './dto/rtc.dto';
import type { IssueRtmTokenDto } from './dto/rtm.dto';
import type { IssueTokenDto } from './dto/multi-token.dto';
import type { RtcPrivilegesDto } from './dto/rtc.dto';
import type { RtmPermissionDto } from './dto/rtm.dto';
import type { StreamingPrivilegesDto } from './dto/multi-token.dto';
import type { TokenServicesDto } from './dto/multi-token.dto';
import {
  type ChatIssue,
  identityOf,
  type InspectIssue,
  type Issue,
  multiIssue,
  type MultiIssue,
  privilegeEntries,
  type ResolvedRtcPrivileges,
  type RtcIssue,
  type RtmIssue,
  type ServicePlan,
  type StreamingPrivilegeSeconds,
} from './token-issue';

const PUBLISH_PRIVILEGES = [
  'publishAudioStream',
  'publishVideoStream',
  'publishDataStream',
] as const;
/** A uid as the community server's `uid` text carries it: canonical decimal, no sign or padding. */
const CANONICAL_UID = /^(0|[1-9][0-9]{0,9})$/;

/**
 * Turns validated bodies into issues: applies the defaults (lifetime from
 * `TOKEN_DEFAULT_TTL_SECONDS`, privileges from the lifetime, the RTM user id from the account) and
 * checks the rules that span fields. A failure is the same 400 `VALIDATION_FAILED` the pipe sends.
 * Upper bounds on lifetimes are the policy's (`TTL_TOO_LONG`), not checked here.
 */
@Injectable()
export class TokenRequests {
  constructor(@Inject(policyConfig.KEY) private readonly config: ConfigType<typeof policyConfig>) {}

  rtc(dto: IssueRtcTokenDto): RtcIssue {
    const ttlSeconds = dto.ttlSeconds ?? this.config.tokenDefaultTtlSeconds;
    const problems: string[] = [];
    const privileges = rtcPrivileges(dto.role, ttlSeconds, dto.privileges, 'privileges', problems);
    let rtm: { userId: string; ttlSeconds: number } | undefined;
    if (dto.rtm) {
      if (dto.version === '006') {
        problems.push('rtm cannot be combined with version 006 (a 006 token holds one service)');
      }
      const userId = dto.rtm.userId ?? dto.account;
      if (userId === undefined) {
        problems.push('rtm.userId is required with a numeric uid');
      }
      const rtmTtl = dto.rtm.ttlSeconds ?? ttlSeconds;
      notAfter(rtmTtl, ttlSeconds, 'rtm.ttlSeconds', problems);
      rtm = { userId: userId ?? '', ttlSeconds: rtmTtl };
    }
    assertNone(problems);
    return {
      kind: 'rtc',
      version: dto.version ?? '007',
      project: dto.project,
      request: {
        kind: 'rtc',
        channel: dto.channel,
        role: dto.role,
        ttlSeconds,
        privileges,
        ...(rtm ? { rtm } : {}),
        ...identity(dto),
      },
    };
  }

  rtm(dto: IssueRtmTokenDto): RtmIssue {
    const ttlSeconds = dto.ttlSeconds ?? this.config.tokenDefaultTtlSeconds;
    const permissions = dto.permissions && dto.permissions.map(toPermission);
    return {
      kind: 'rtm',
      project: dto.project,
      request: { kind: 'rtm', userId: dto.userId, ttlSeconds, ...(permissions && { permissions }) },
    };
  }

  chat(dto: IssueChatTokenDto): ChatIssue {
    const ttlSeconds = dto.ttlSeconds ?? this.config.tokenDefaultTtlSeconds;
    return {
      kind: 'chat',
      project: dto.project,
      request:
        dto.kind === 'app'
          ? { kind: 'chat', chatKind: 'app', ttlSeconds }
          : { kind: 'chat', chatKind: 'user', userId: required(dto.userId, 'userId'), ttlSeconds },
    };
  }

  multi(dto: IssueTokenDto): MultiIssue {
    const ttlSeconds = dto.ttlSeconds ?? this.config.tokenDefaultTtlSeconds;
    const problems: string[] = [];
    const services = servicePlans(dto.services, ttlSeconds, problems);
    assertNone(problems);
    return multiIssue(ttlSeconds, services, dto.project);
  }

  inspect(): InspectIssue {
    return { kind: 'inspect', request: { kind: 'inspect' } };
  }

  /** Agora's tutorial server: a numeric uid, role 1 (publisher) or 2 (subscriber). */
  fetchRtcToken(dto: FetchRtcTokenDto): RtcIssue {
    const role: RtcRole = dto.role === 1 ? 'publisher' : 'subscriber';
    const ttlSeconds = this.config.tokenDefaultTtlSeconds;
    const channel = required(dto.ChannelName ?? dto.channelName, 'ChannelName');
    const privileges = rtcPrivileges(role, ttlSeconds, undefined, 'privileges', []);
    return {
      kind: 'rtc',
      version: '007',
      request: { kind: 'rtc', channel, role, ttlSeconds, privileges, uid: dto.uid },
    };
  }

  /**
   * The community server's `/getToken`, mapped as that server builds each token type (see
   * GetTokenDto). `expire` 0 means the default lifetime, as there.
   */
  getToken(dto: GetTokenDto): Issue {
    const ttlSeconds = dto.expire || this.config.tokenDefaultTtlSeconds;
    const uid = dto.uid ?? '';
    switch (dto.tokenType) {
      case 'rtc': {
        const role = dto.role ?? 'subscriber';
        const privileges = rtcPrivileges(role, ttlSeconds, undefined, 'privileges', []);
        const channel = required(dto.channel, 'channel');
        const user = compatIdentity(nonEmpty(uid, 'uid'));
        return {
          kind: 'rtc',
          version: '007',
          request: { kind: 'rtc', channel, role, ttlSeconds, privileges, ...user },
        };
      }
      case 'rtm': {
        const userId = nonEmpty(uid, 'uid');
        if (Buffer.byteLength(userId) > USER_ID_MAX_BYTES) {
          throw validationFailed([`uid must be at most ${USER_ID_MAX_BYTES} bytes for rtm`]);
        }
        if (dto.channel === undefined) {
          return { kind: 'rtm', request: { kind: 'rtm', userId, ttlSeconds } };
        }
        // That server adds an RTC service for the stream channel: join and publishDataStream for
        // the user id, as its rtmtokenbuilder does.
        const privileges = { joinChannel: ttlSeconds, publishDataStream: ttlSeconds };
        return multiIssue(ttlSeconds, [
          { service: 'rtc', channel: dto.channel, role: 'subscriber', privileges, account: userId },
          { service: 'rtm', userId },
        ]);
      }
      case 'chat':
        return {
          kind: 'chat',
          request:
            uid === ''
              ? { kind: 'chat', chatKind: 'app', ttlSeconds }
              : { kind: 'chat', chatKind: 'user', userId: uid, ttlSeconds },
        };
    }
  }
}

/**
 * The privileges an RTC service carries: join, plus the three publish privileges for publishers,
 * each `ttlSeconds` unless given. A given privilege may not outlive the token, and a subscriber may
 * not be given publish privileges (ask for the publisher role instead).
 */
function rtcPrivileges(
  role: RtcRole,
  ttlSeconds: number,
  given: RtcPrivilegesDto | undefined,
  path: string,
  problems: string[],
): ResolvedRtcPrivileges {
  const resolved: ResolvedRtcPrivileges = { joinChannel: given?.joinChannel ?? ttlSeconds };
  for (const name of PUBLISH_PRIVILEGES) {
    if (role === 'publisher') {
      resolved[name] = given?.[name] ?? ttlSeconds;
    } else if (given?.[name] !== undefined) {
      problems.push(`${path}.${name} is only allowed for the publisher role`);
    }
  }
  for (const [name, seconds] of privilegeEntries(resolved)) {
    notAfter(seconds, ttlSeconds, `${path}.${name}`, problems);
  }
  return resolved;
}

function streamingPrivileges(
  ttlSeconds: number,
  given: StreamingPrivilegesDto | undefined,
  problems: string[],
): StreamingPrivilegeSeconds {
  if (given === undefined) {
    return { publishMixStream: ttlSeconds, publishRawStream: ttlSeconds };
  }
  const resolved: StreamingPrivilegeSeconds = {};
  for (const name of ['publishMixStream', 'publishRawStream'] as const) {
    const seconds = given[name];
    if (seconds !== undefined) {
      notAfter(seconds, ttlSeconds, `services.streaming.privileges.${name}`, problems);
      resolved[name] = seconds;
    }
  }
  if (Object.keys(resolved).length === 0) {
    problems.push('services.streaming.privileges must name at least one privilege');
  }
  return resolved;
}

/** The services of a multi-service request, in the order Agora packs them (by service type). */
function servicePlans(
  services: TokenServicesDto,
  ttlSeconds: number,
  problems: string[],
): ServicePlan[] {
  const plans: ServicePlan[] = [];
  const { rtc, rtm, streaming, fpa, chat, fcdn, apaas, rtm2, convoai, stt } = services;
  if (rtc) {
    const path = 'services.rtc.privileges';
    const privileges = rtcPrivileges(rtc.role, ttlSeconds, rtc.privileges, path, problems);
    plans.push({
      service: 'rtc',
      channel: rtc.channel,
      role: rtc.role,
      privileges,
      ...identity(rtc),
    });
  }
  if (rtm) {
    plans.push({ service: 'rtm', userId: rtm.userId });
  }
  if (streaming) {
    const privileges = streamingPrivileges(ttlSeconds, streaming.privileges, problems);
    plans.push({
      service: 'streaming',
      channel: streaming.channel,
      privileges,
      ...identity(streaming),
    });
  }
  if (fpa) {
    plans.push({ service: 'fpa' });
  }
  if (chat) {
    plans.push(
      chat.kind === 'app'
        ? { service: 'chat', chatKind: 'app' }
        : { service: 'chat', chatKind: 'user', userId: chat.userId ?? '' },
    );
  }
  if (fcdn) {
    plans.push({ service: 'fcdn', channel: fcdn.channel, role: fcdn.role, ...identity(fcdn) });
  }
  if (apaas) {
    const { roomUuid = '', userUuid = '', role = -1 } = apaas;
    if (role !== -1 && roomUuid === '') {
      problems.push('services.apaas.role needs services.apaas.roomUuid (a role is a room role)');
    }
    plans.push({ service: 'apaas', roomUuid, userUuid, role });
  }
  if (rtm2) {
    const permissions = rtm2.permissions && rtm2.permissions.map(toPermission);
    plans.push({ service: 'rtm2', userId: rtm2.userId, ...(permissions && { permissions }) });
  }
  for (const [name, agent] of [
    ['convoai', convoai],
    ['stt', stt],
  ] as const) {
    if (agent) {
      if (!rtc || (!rtm && !rtm2)) {
        problems.push(`services.${name} rides with services.rtc and services.rtm (or rtm2)`);
      }
      plans.push({ service: name });
    }
  }
  if (plans.length === 0) {
    problems.push('services must name at least one service');
  }
  return plans;
}

function toPermission({ resource, permission, names }: RtmPermissionDto): RtmPermission {
  return { resource, permission, names: [...names] };
}

/** The uid or account of a validated body (the DTO guarantees exactly one). */
function identity(dto: { uid?: number; account?: string }): UserIdentity {
  return identityOf(dto as UserIdentity);
}

/** `/getToken`'s uid text: canonical decimal 0..2^32-1 is a uid, anything else an account. */
function compatIdentity(text: string): UserIdentity {
  return CANONICAL_UID.test(text) && Number(text) <= MAX_UID
    ? { uid: Number(text) }
    : { account: text };
}

function notAfter(seconds: number, ttlSeconds: number, path: string, problems: string[]): void {
  if (seconds > ttlSeconds) {
    problems.push(`${path} must not exceed the token lifetime (ttlSeconds)`);
  }
}

function required<T>(value: T | undefined, path: string): T {
  if (value === undefined) {
    throw validationFailed([`${path} is required`]);
  }
  return value;
}

function nonEmpty(value: string, path: string): string {
  if (value === '') {
    throw validationFailed([`${path} must not be empty`]);
  }
  return value;
}

function assertNone(problems: readonly string[]): void {
  if (problems.length > 0) {
    throw validationFailed(problems);
  }
}

function validationFailed(problems: readonly string[]): ApiException {
  return new ApiException(400, 'VALIDATION_FAILED', problems);
}
