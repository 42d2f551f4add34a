import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { buildToken, isTokenError, type TokenSpec } from '../agora-token';
import { ApiException } from '../common/api-error';
import { policyConfig } from '../config/policy.config';
import { type AgoraProject, AgoraProjects, type ProjectSet } from '../config/agora-projects';
import { ChannelPolicyService } from '../policy/channel-policy.service';
import type { TokenRequest } from '../policy/token-request';
import type { Caller } from './caller.decorator';
import { CLOCK, type Clock } from './clock';
import type { ChatTokenResponseDto } from './dto/chat.dto';
import type { FetchRtcTokenDto } from './dto/compat.dto';
import type { FetchRtcTokenResponseDto } from './dto/compat.dto';
import type { GetTokenDto } from './dto/compat.dto';
import type { GetTokenResponseDto } from './dto/compat.dto';
import type { IssueChatTokenDto } from './dto/chat.dto';
import type { IssueRtcTokenDto } from './dto/rtc.dto';
import type { IssueRtmTokenDto } from './dto/rtm.dto';
import type { IssueTokenDto } from './dto/multi-token.dto';
import type { MultiTokenResponseDto } from './dto/multi-token.dto';
import type { RtcTokenResponseDto } from './dto/rtc.dto';
import type { RtmTokenResponseDto } from './dto/rtm.dto';
import { inSpan } from '../tracing/in-span';
import { boundExpiry } from './expiry-bound';
import { mapValues } from './iso-time';
import { type IssueKind, TokenAuditService } from './token-audit.service';
import { libraryRefusal, policyRefusal } from './token-refusals';
import * as requests from './token-requests';
import * as responses from './token-responses';

/**
 * Issuance end to end, one public method per route: the body becomes a `TokenRequest` (defaults
 * applied), the policy authorizes it, the library builds it with the project's active certificate,
 * and every issuance and every refusal is audited and counted. A handler cannot skip a step.
 * Library failures become a 400 with a stable code (never a 500, never an empty token).
 */
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
    return responses.rtcResponse(this.issue(caller, 'rtc', requests.rtcRequest(body, this.ttl)));
  }

  rtm(caller: Caller, body: IssueRtmTokenDto): RtmTokenResponseDto {
    return responses.rtmResponse(this.issue(caller, 'rtm', requests.rtmRequest(body, this.ttl)));
  }

  chat(caller: Caller, body: IssueChatTokenDto): ChatTokenResponseDto {
    return responses.chatResponse(this.issue(caller, 'chat', requests.chatRequest(body, this.ttl)));
  }

  multi(caller: Caller, body: IssueTokenDto): MultiTokenResponseDto {
    const request = requests.multiRequest(body, this.ttl);
    return responses.multiResponse(this.issue(caller, 'multi', request));
  }

  fetchRtcToken(caller: Caller, body: FetchRtcTokenDto): FetchRtcTokenResponseDto {
    const request = requests.fetchRtcTokenRequest(body, this.ttl);
    return { token: this.issue(caller, 'rtc', request).envelope.token, code: '200' };
  }

  getToken(caller: Caller, body: GetTokenDto): GetTokenResponseDto {
    const request = requests.getTokenRequest(body, this.ttl);
    return { token: this.issue(caller, requests.getTokenKind(body), request).envelope.token };
  }

  /** `TOKEN_DEFAULT_TTL_SECONDS`. */
  private get ttl(): number {
    return this.config.tokenDefaultTtlSeconds;
  }

  /** The one path of every issuance: authorize, build, audit (which also counts). */
  private issue(caller: Caller, kind: IssueKind, request: TokenRequest): responses.Issued {
    // One set of projects for the whole request, whatever a concurrent reload swaps in.
    const projects = this.projects.current();
    const project = request.project ?? projects.defaultProject.name;
    this.authorize(caller, kind, request, project);
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

  /** The policy's decision; a denial is audited, then answered with its code and status. */
  private authorize(caller: Caller, kind: IssueKind, request: TokenRequest, project: string) {
    const decision = this.policy.decide(caller.session, request);
    if (!decision.allow) {
      this.audit.denied(caller, { kind, project, request, reason: decision.reason });
      throw policyRefusal(decision);
    }
  }

  /**
   * Signs with the project's active certificate (secret: it only ever reaches the library). With
   * `TOKEN_EXPIRY_BOUND_BY_JWT` the token expires no later than the caller's JWT.
   */
  private build(asked: TokenRequest, projects: ProjectSet, { session }: Caller): responses.Issued {
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
    return { envelope: responses.envelope(token, request, project, issuedAt), request };
  }
}

/**
 * The library's spec of the token. 006 holds one RTC service; its privileges are absolute unix
 * times and `ts` is the token's own expiry.
 */
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
