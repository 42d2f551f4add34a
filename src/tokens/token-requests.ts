import { decimalUid, type PrivilegeSpec, type ServiceSpec } from '../agora-token';
import { ApiException } from '../common/api-error';
import { RTC_PUBLISH_PRIVILEGES, type RtcRole, type TokenRequest } from '../policy/token-request';
import { USER_ID_MAX_BYTES } from './dto/agora-names';
import type { IssueChatTokenDto } from './dto/chat.dto';
import type { FetchRtcTokenDto, GetTokenDto } from './dto/compat.dto';
import type { IssueTokenDto, TokenServicesDto } from './dto/multi-token.dto';
import type { IssueRtcTokenDto } from './dto/rtc.dto';
import type { IssueRtmTokenDto } from './dto/rtm.dto';

// Each validated body becomes one `TokenRequest`, defaults applied and cross-field rules checked
// (400 VALIDATION_FAILED, as the pipe). Upper bounds on lifetimes are the policy's (TTL_TOO_LONG).

export function rtcRequest(dto: IssueRtcTokenDto, defaultTtl: number): TokenRequest {
  const ttl = dto.ttlSeconds ?? defaultTtl;
  const problems: string[] = [];
  const services = [rtcService(dto, ttl, 'privileges', problems)];
  if (dto.rtm) {
    if (dto.version === '006') {
      problems.push('rtm cannot be combined with version 006 (a 006 token holds one service)');
    }
    const userId = dto.rtm.userId ?? dto.account;
    if (userId === undefined) {
      problems.push('rtm.userId is required with a numeric uid');
    }
    const login = dto.rtm.ttlSeconds ?? ttl;
    notAfter(login, ttl, 'rtm.ttlSeconds', problems);
    services.push(rtmService(userId ?? '', login));
  }
  assertNone(problems);
  return { project: dto.project, version: dto.version ?? '007', ttl, services };
}

/** RTM login; with `permissions` (even none) an RTM2 service. */
export function rtmRequest(dto: IssueRtmTokenDto, defaultTtl: number): TokenRequest {
  const ttl = dto.ttlSeconds ?? defaultTtl;
  const { userId, permissions } = dto;
  const service = permissions ? rtm2Service(dto, ttl) : rtmService(userId, ttl);
  return { project: dto.project, version: '007', ttl, services: [service] };
}

export function chatRequest(dto: IssueChatTokenDto, defaultTtl: number): TokenRequest {
  const ttl = dto.ttlSeconds ?? defaultTtl;
  const userId = dto.kind === 'app' ? undefined : required(dto.userId, 'userId');
  return { project: dto.project, version: '007', ttl, services: [chatService(userId, ttl)] };
}

/** The services in the order Agora packs them (by service type). */
export function multiRequest(dto: IssueTokenDto, defaultTtl: number): TokenRequest {
  const ttl = dto.ttlSeconds ?? defaultTtl;
  const problems: string[] = [];
  const services: ServiceSpec[] = [];
  for (const [name, build] of SERVICE_BUILDERS) {
    const body = dto.services[name];
    if (body) {
      services.push(build(body, ttl, problems));
    }
  }
  const { rtc, rtm, rtm2 } = dto.services;
  for (const agent of AGENTS) {
    // The agents' server side joins the RTC channel and logs in to RTM.
    if (dto.services[agent] && (!rtc || (!rtm && !rtm2))) {
      problems.push(`services.${agent} rides with services.rtc and services.rtm (or rtm2)`);
    }
  }
  if (services.length === 0) {
    problems.push('services must name at least one service');
  }
  assertNone(problems);
  return { project: dto.project, version: '007', ttl, services };
}

/** Agora's tutorial server: a numeric uid, role 1 (publisher) or 2 (subscriber). */
export function fetchRtcTokenRequest(dto: FetchRtcTokenDto, defaultTtl: number): TokenRequest {
  const role: RtcRole = dto.role === 1 ? 'publisher' : 'subscriber';
  const channel = required(dto.ChannelName ?? dto.channelName, 'ChannelName');
  const service = rtcService({ channel, uid: dto.uid, role }, defaultTtl, 'privileges', []);
  return { version: '007', ttl: defaultTtl, services: [service] };
}

/** The community server's `/getToken`, built as that server does; `expire` 0 is the default. */
export function getTokenRequest(dto: GetTokenDto, defaultTtl: number): TokenRequest {
  const ttl = dto.expire || defaultTtl;
  const uid = dto.uid ?? '';
  const request = (...services: ServiceSpec[]): TokenRequest => ({ version: '007', ttl, services });
  switch (dto.tokenType) {
    case 'rtc': {
      const channel = required(dto.channel, 'channel');
      const body = { channel, role: dto.role ?? 'subscriber', ...compatIdentity(nonEmpty(uid)) };
      return request(rtcService(body, ttl, 'privileges', []));
    }
    case 'rtm': {
      const userId = nonEmpty(uid);
      if (Buffer.byteLength(userId) > USER_ID_MAX_BYTES) {
        throw validationFailed([`uid must be at most ${USER_ID_MAX_BYTES} bytes for rtm`]);
      }
      if (dto.channel === undefined) {
        return request(rtmService(userId, ttl));
      }
      // As that server's rtmtokenbuilder: an RTC service for the stream channel, with join and
      // publishDataStream for the user id.
      const privileges = { joinChannel: ttl, publishDataStream: ttl };
      const rtc: ServiceSpec = {
        service: 'rtc',
        channel: dto.channel,
        account: userId,
        privileges,
      };
      return request(rtc, rtmService(userId, ttl));
    }
    case 'chat':
      return request(chatService(uid === '' ? undefined : uid, ttl));
  }
}

/** Which of the four issuance kinds a `/getToken` body is (for the audit). */
export function getTokenKind(dto: GetTokenDto): 'rtc' | 'rtm' | 'chat' | 'multi' {
  return dto.tokenType === 'rtm' && dto.channel !== undefined ? 'multi' : dto.tokenType;
}

type Services = Required<TokenServicesDto>;
type Build<K extends keyof Services> = (
  body: Services[K],
  ttl: number,
  problems: string[],
) => ServiceSpec;

/** How each service of a multi-service body is built, in packing order. */
const BUILDERS: { [K in keyof Services]: Build<K> } = {
  rtc: (rtc, ttl, problems) => rtcService(rtc, ttl, 'services.rtc.privileges', problems),
  rtm: ({ userId }, ttl) => rtmService(userId, ttl),
  streaming: (streaming, ttl, problems) => {
    const given = streaming.privileges ?? { publishMixStream: ttl, publishRawStream: ttl };
    const privileges: PrivilegeSpec = {};
    for (const name of ['publishMixStream', 'publishRawStream'] as const) {
      const seconds = given[name];
      if (seconds !== undefined) {
        notAfter(seconds, ttl, `services.streaming.privileges.${name}`, problems);
        privileges[name] = seconds;
      }
    }
    if (Object.keys(privileges).length === 0) {
      problems.push('services.streaming.privileges must name at least one privilege');
    }
    return { service: 'streaming', channel: streaming.channel, ...identity(streaming), privileges };
  },
  fpa: (_fpa, ttl) => ({ service: 'fpa', privileges: { login: ttl } }),
  chat: ({ kind, userId }, ttl) => chatService(kind === 'app' ? undefined : (userId ?? ''), ttl),
  fcdn: (fcdn, ttl) => {
    const privileges: PrivilegeSpec =
      fcdn.role === 'publisher' ? { publish: ttl, play: ttl } : { play: ttl };
    return { service: 'fcdn', channel: fcdn.channel, ...identity(fcdn), privileges };
  },
  apaas: ({ roomUuid = '', userUuid = '', role = -1 }, ttl, problems) => {
    if (role !== -1 && roomUuid === '') {
      problems.push('services.apaas.role needs services.apaas.roomUuid (a role is a room role)');
    }
    // As Agora's builders: a room makes a room-user token, else a user, else an app token.
    const privilege = roomUuid !== '' ? 'roomUser' : userUuid !== '' ? 'user' : 'app';
    return { service: 'apaas', roomUuid, userUuid, role, privileges: { [privilege]: ttl } };
  },
  rtm2: rtm2Service,
  convoai: () => ({ service: 'convoai' }),
  stt: () => ({ service: 'stt' }),
};
const AGENTS = ['convoai', 'stt'] as const;
const SERVICE_BUILDERS = Object.entries(BUILDERS) as Array<[keyof Services, Build<keyof Services>]>;

type RtcBody = Pick<IssueRtcTokenDto, 'channel' | 'uid' | 'account' | 'role' | 'privileges'>;

/** Join, plus publish for publishers, each `ttl` unless given (not longer, not to subscribers). */
function rtcService(body: RtcBody, ttl: number, path: string, problems: string[]): ServiceSpec {
  const given = body.privileges;
  const privileges: PrivilegeSpec = { joinChannel: given?.joinChannel ?? ttl };
  for (const name of RTC_PUBLISH_PRIVILEGES) {
    if (body.role === 'publisher') {
      privileges[name] = given?.[name] ?? ttl;
    } else if (given?.[name] !== undefined) {
      problems.push(`${path}.${name} is only allowed for the publisher role`);
    }
  }
  for (const [name, seconds] of Object.entries(privileges)) {
    notAfter(seconds, ttl, `${path}.${name}`, problems);
  }
  return { service: 'rtc', channel: body.channel, ...identity(body), privileges };
}

function rtmService(userId: string, login: number): ServiceSpec {
  return { service: 'rtm', userId, privileges: { login } };
}

/** An RTM2 login; `permissions`, even none, only when given. */
function rtm2Service({ userId, permissions }: Services['rtm2'], login: number): ServiceSpec {
  const privileges = { login };
  return permissions
    ? { service: 'rtm2', userId, privileges, permissions }
    : { service: 'rtm2', userId, privileges };
}

/** A Chat user token, or the app token when there is no user id. */
function chatService(userId: string | undefined, ttl: number): ServiceSpec {
  return userId === undefined
    ? { service: 'chat', privileges: { app: ttl } }
    : { service: 'chat', userId, privileges: { user: ttl } };
}

/** The uid or the account of a validated body (the DTO guarantees exactly one). */
function identity({ uid, account }: { uid?: number; account?: string }) {
  return uid !== undefined ? { uid } : { account: account ?? '' };
}

/** `/getToken`'s uid text: canonical decimal 0..2^32-1 is a uid, anything else an account. */
function compatIdentity(text: string) {
  const uid = decimalUid(text);
  return uid === undefined ? { account: text } : { uid };
}

function notAfter(seconds: number, ttl: number, path: string, problems: string[]): void {
  if (seconds > ttl) {
    problems.push(`${path} must not exceed the token lifetime (ttlSeconds)`);
  }
}

function required<T>(value: T | undefined, path: string): T {
  if (value === undefined) {
    throw validationFailed([`${path} is required`]);
  }
  return value;
}

function nonEmpty(uid: string): string {
  if (uid === '') {
    throw validationFailed(['uid must not be empty']);
  }
  return uid;
}

function assertNone(problems: readonly string[]): void {
  if (problems.length > 0) {
    throw validationFailed(problems);
  }
}

function validationFailed(problems: readonly string[]): ApiException {
  return new ApiException(400, 'VALIDATION_FAILED', problems);
}
