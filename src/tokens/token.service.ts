import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { buildToken, isTokenError, type ServiceSpec, type TokenSpec } from '../agora-token';
import { ApiException } from '../common/api-error';
import { policyConfig } from '../config/policy.config';
import { type AgoraProject, AgoraProjects, type ProjectSet } from '../config/agora-projects';
import { ChannelPolicyService } from '../policy/channel-policy.service';
import { roleOf, type TokenRequest } from '../policy/token-request';
import { inSpan } from '../tracing/in-span';
import type { Caller } from './caller.decorator';
import { CLOCK, type Clock } from './clock';
import type { ChatTokenResponseDto, IssueChatTokenDto } from './dto/chat.dto';
import type {
  FetchRtcTokenDto,
  FetchRtcTokenResponseDto,
  GetTokenDto,
  GetTokenResponseDto,
} from './dto/compat.dto';
import type { IssuedTokenDto } from './dto/issued-token.dto';
import type { IssueTokenDto, MultiTokenResponseDto } from './dto/multi-token.dto';
import type { IssueRtcTokenDto, RtcTokenResponseDto } from './dto/rtc.dto';
import type { IssueRtmTokenDto, RtmPermissionDto, RtmTokenResponseDto } from './dto/rtm.dto';
import { boundExpiry } from './expiry-bound';
import { iso, mapValues } from './iso-time';
import { type IssueKind, TokenAuditService } from './token-audit.service';
import { libraryRefusal, policyRefusal } from './token-refusals';
import * as requests from './token-requests';

/** One method per route: body to `TokenRequest`, authorize, build, audit (library errors: 400). */
@Injectable()
export class TokenService {
  constructor(
    private readonly projects: AgoraProjects,
    @Inject(policyConfig.KEY) private readonly config: ConfigType<typeof policyConfig>,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly policy: ChannelPolicyService,
    private readonly audit: TokenAuditService,
  ) {}

  rtc(caller: Caller, body: IssueRtcTokenDto): RtcTokenResponseDto {
    return rtcResponse(this.issue(caller, 'rtc', requests.rtcRequest(body, this.ttl)));
  }

  rtm(caller: Caller, body: IssueRtmTokenDto): RtmTokenResponseDto {
    return rtmResponse(this.issue(caller, 'rtm', requests.rtmRequest(body, this.ttl)));
  }

  chat(caller: Caller, body: IssueChatTokenDto): ChatTokenResponseDto {
    return chatResponse(this.issue(caller, 'chat', requests.chatRequest(body, this.ttl)));
  }

  multi(caller: Caller, body: IssueTokenDto): MultiTokenResponseDto {
    const request = requests.multiRequest(body, this.ttl);
    return multiResponse(this.issue(caller, 'multi', request));
  }

  fetchRtcToken(caller: Caller, body: FetchRtcTokenDto): FetchRtcTokenResponseDto {
    const request = requests.fetchRtcTokenRequest(body, this.ttl);
    return { token: this.issue(caller, 'rtc', request).envelope.token, code: '200' };
  }

  getToken(caller: Caller, body: GetTokenDto): GetTokenResponseDto {
    const request = requests.getTokenRequest(body, this.ttl);
    return { token: this.issue(caller, requests.getTokenKind(body), request).envelope.token };
  }

  private get ttl(): number {
    return this.config.tokenDefaultTtlSeconds;
  }

  /** The one path of every issuance: authorize, build, audit every outcome (which also counts). */
  private issue(caller: Caller, kind: IssueKind, request: TokenRequest): Issued {
    // One set of projects for the whole request, whatever a concurrent reload swaps in.
    const projects = this.projects.current();
    const project = request.project ?? projects.defaultProject.name;
    const decision = this.policy.decide(caller.session, request);
    if (!decision.allow) {
      this.audit.denied(caller, { kind, project, request, reason: decision.reason });
      throw policyRefusal(decision);
    }
    try {
      const issued = this.build(request, projects, caller);
      const expiresAt = issued.envelope.expiresAt;
      this.audit.issued(caller, { kind, project, request: issued.request, expiresAt });
      return issued;
    } catch (error) {
      const refusal = isTokenError(error) ? libraryRefusal(error) : error;
      if (refusal instanceof ApiException) {
        this.audit.denied(caller, { kind, project, request, reason: refusal.code });
      }
      throw refusal;
    }
  }

  /** Signs with the active certificate; `TOKEN_EXPIRY_BOUND_BY_JWT` cuts it to the JWT's expiry. */
  private build(asked: TokenRequest, projects: ProjectSet, { session }: Caller): Issued {
    // An unknown project is a 400, never silently the default one.
    const project = projects.get(asked.project);
    if (!project) {
      throw new ApiException(400, 'UNKNOWN_PROJECT', 'unknown project');
    }
    const issuedAt = this.clock.nowSeconds();
    const request = this.config.tokenExpiryBoundByJwt
      ? boundExpiry(asked, session.expiresAt - issuedAt)
      : asked;
    const token = inSpan('token.build', () => buildToken(tokenSpec(request, project, issuedAt)));
    return { envelope: envelope(token, request, project, issuedAt), request };
  }
}

/** The library's spec; a 006 holds one RTC service, with absolute times. */
function tokenSpec(request: TokenRequest, project: AgoraProject, issuedAt: number): TokenSpec {
  const signer = { appId: project.appId, appCertificate: project.activeCertificate };
  const [rtc] = request.services;
  if (request.version === '006' && rtc?.service === 'rtc') {
    const privileges = mapValues(rtc.privileges ?? {}, (seconds) => issuedAt + seconds);
    const user = rtc.uid !== undefined ? { uid: rtc.uid } : { account: rtc.account };
    const ts = issuedAt + request.ttl;
    return { version: '006', ...signer, channel: rtc.channel, ...user, ts, privileges };
  }
  return { ...signer, issuedAt, expire: request.ttl, services: request.services };
}

/** Responses are read off the request as built (after any bound): every time is the token's. */
interface Issued {
  readonly envelope: IssuedTokenDto;
  readonly request: TokenRequest;
}

function envelope(
  token: string,
  request: TokenRequest,
  project: AgoraProject,
  issuedAt: number,
): IssuedTokenDto {
  const expiresAt = issuedAt + request.ttl;
  return {
    token,
    version: request.version,
    appId: project.appId,
    project: project.name,
    issuedAt: iso(issuedAt),
    expiresAt: iso(expiresAt),
    issuedAtUnix: issuedAt,
    expiresAtUnix: expiresAt,
    expiresInSeconds: request.ttl,
  };
}

type Spec<N extends ServiceSpec['service']> = Extract<ServiceSpec, { service: N }>;

function rtcResponse({ envelope, request }: Issued): RtcTokenResponseDto {
  const [rtc, rtm] = request.services as [Spec<'rtc'>, Spec<'rtm'> | undefined];
  return {
    ...envelope,
    channel: rtc.channel,
    ...(rtc.uid !== undefined ? { uid: rtc.uid } : { account: rtc.account }),
    role: roleOf(rtc),
    privilegeExpiresAt: expiries(envelope, rtc),
    ...(rtm && { rtm: { userId: rtm.userId, expiresAt: expiries(envelope, rtm).login! } }),
  };
}

function rtmResponse({ envelope, request }: Issued): RtmTokenResponseDto {
  const [rtm] = request.services as [Spec<'rtm' | 'rtm2'>];
  const permissions = rtm.service === 'rtm2' ? rtm.permissions : undefined;
  return {
    ...envelope,
    userId: rtm.userId,
    service: rtm.service,
    ...(permissions && { permissions: permissions as RtmPermissionDto[] }),
    privilegeExpiresAt: expiries(envelope, rtm),
  };
}

function chatResponse({ envelope, request }: Issued): ChatTokenResponseDto {
  const [chat] = request.services as [Spec<'chat'>];
  const kind = chat.privileges?.app !== undefined ? 'app' : 'user';
  return {
    ...envelope,
    kind,
    ...(kind === 'user' && { userId: chat.userId }),
    privilegeExpiresAt: expiries(envelope, chat),
  };
}

/** The services as packed: `multiRequest` lists them in packing order. */
function multiResponse({ envelope, request }: Issued): MultiTokenResponseDto {
  const services = request.services.map((spec) => ({
    service: spec.service,
    privilegeExpiresAt: expiries(envelope, spec),
  }));
  return { ...envelope, services };
}

/** Privilege expiries of a service as ISO times: its seconds after the token's issue time. */
function expiries({ issuedAtUnix }: IssuedTokenDto, spec: ServiceSpec): Record<string, string> {
  return mapValues(spec.privileges ?? {}, (seconds) => iso(issuedAtUnix + seconds));
}
