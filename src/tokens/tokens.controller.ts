import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AppSession } from '../auth/app-session';
import { CurrentSession } from '../auth/session.decorator';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { ChatTokenResponseDto } from './dto/chat.dto';
import { InspectTokenDto } from './dto/inspect.dto';
import { InspectTokenResponseDto } from './dto/inspect.dto';
import { IssueChatTokenDto } from './dto/chat.dto';
import { IssueRtcTokenDto } from './dto/rtc.dto';
import { IssueRtmTokenDto } from './dto/rtm.dto';
import { IssueTokenDto } from './dto/multi-token.dto';
import { MultiTokenResponseDto } from './dto/multi-token.dto';
import { RtcTokenResponseDto } from './dto/rtc.dto';
import { RtmTokenResponseDto } from './dto/rtm.dto';
import { NoStore } from './no-store.decorator';
import { RequestId } from './request-id.decorator';
import { TokenAuthorizer } from './token-authorizer';
import { TokenRequests } from './token-requests';
import { TokenService } from './token.service';

/**
 * Token issuance (design §5). Each handler: the body is validated by the global pipe, turned into
 * an issue (defaults applied), judged by the policy, then built by the token service.
 */
@ApiTags('tokens')
@Controller('v1/tokens')
@ApiErrorResponses(400, 401, 403, 413, 415, 429, 503)
export class TokensController {
  constructor(
    private readonly requests: TokenRequests,
    private readonly authorizer: TokenAuthorizer,
    private readonly tokens: TokenService,
  ) {}

  /** One 007 token holding several services (RTC, RTM, RTM2, Chat, FPA, APaaS, ...). */
  @Post()
  @NoStore()
  issueToken(
    @CurrentSession() session: AppSession,
    @Body() body: IssueTokenDto,
    @RequestId() requestId?: string,
  ): MultiTokenResponseDto {
    const issue = this.requests.multi(body);
    this.authorizer.authorize(session, issue, requestId);
    return this.tokens.issue(session, issue, requestId);
  }

  /** An RTC token for the caller's uid or account in one channel, optionally with an RTM login. */
  @Post('rtc')
  @NoStore()
  issueRtcToken(
    @CurrentSession() session: AppSession,
    @Body() body: IssueRtcTokenDto,
    @RequestId() requestId?: string,
  ): RtcTokenResponseDto {
    const issue = this.requests.rtc(body);
    this.authorizer.authorize(session, issue, requestId);
    return this.tokens.issue(session, issue, requestId);
  }

  /** An RTM login token, or an RTM2 token with resource permissions (needs `rtm:permissions`). */
  @Post('rtm')
  @NoStore()
  issueRtmToken(
    @CurrentSession() session: AppSession,
    @Body() body: IssueRtmTokenDto,
    @RequestId() requestId?: string,
  ): RtmTokenResponseDto {
    const issue = this.requests.rtm(body);
    this.authorizer.authorize(session, issue, requestId);
    return this.tokens.issue(session, issue, requestId);
  }

  /** A Chat user token, or the Chat app token (needs `chat:app`). */
  @Post('chat')
  @NoStore()
  issueChatToken(
    @CurrentSession() session: AppSession,
    @Body() body: IssueChatTokenDto,
    @RequestId() requestId?: string,
  ): ChatTokenResponseDto {
    const issue = this.requests.chat(body);
    this.authorizer.authorize(session, issue, requestId);
    return this.tokens.issue(session, issue, requestId);
  }

  /**
   * What a token (any version) contains, its expiry, and which configured certificate signed it.
   * Needs `tokens:inspect`. 200: reading a token creates nothing.
   */
  @Post('inspect')
  @HttpCode(HttpStatus.OK)
  @NoStore()
  inspectToken(
    @CurrentSession() session: AppSession,
    @Body() body: InspectTokenDto,
    @RequestId() requestId?: string,
  ): InspectTokenResponseDto {
    this.authorizer.authorize(session, this.requests.inspect(), requestId);
    return this.tokens.inspect(body);
  }
}
