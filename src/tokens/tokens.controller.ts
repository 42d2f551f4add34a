import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { type Caller, CurrentCaller } from './caller.decorator';
import { ChatTokenResponseDto, IssueChatTokenDto } from './dto/chat.dto';
import { InspectTokenDto, InspectTokenResponseDto } from './dto/inspect.dto';
import { IssueTokenDto, MultiTokenResponseDto } from './dto/multi-token.dto';
import { IssueRtcTokenDto, RtcTokenResponseDto } from './dto/rtc.dto';
import { IssueRtmTokenDto, RtmTokenResponseDto } from './dto/rtm.dto';
import { InspectService } from './inspect.service';
import { NoStore } from './no-store.decorator';
import { TokenService } from './token.service';

/** Token issuance: the global pipe has validated the body; the service does the rest. */
@ApiTags('tokens')
@Controller('v1/tokens')
@ApiErrorResponses(400, 401, 403, 413, 415, 429, 503)
export class TokensController {
  constructor(
    private readonly tokens: TokenService,
    private readonly inspector: InspectService,
  ) {}

  /** One 007 token holding several services (RTC, RTM, RTM2, Chat, FPA, APaaS, ...). */
  @Post()
  @NoStore()
  issueToken(@CurrentCaller() caller: Caller, @Body() body: IssueTokenDto): MultiTokenResponseDto {
    return this.tokens.multi(caller, body);
  }

  /** An RTC token for the caller's uid or account in one channel, optionally with an RTM login. */
  @Post('rtc')
  @NoStore()
  issueRtcToken(
    @CurrentCaller() caller: Caller,
    @Body() body: IssueRtcTokenDto,
  ): RtcTokenResponseDto {
    return this.tokens.rtc(caller, body);
  }

  /** An RTM login token, or an RTM2 token with resource permissions (needs `rtm:permissions`). */
  @Post('rtm')
  @NoStore()
  issueRtmToken(
    @CurrentCaller() caller: Caller,
    @Body() body: IssueRtmTokenDto,
  ): RtmTokenResponseDto {
    return this.tokens.rtm(caller, body);
  }

  /** A Chat user token, or the Chat app token (needs `chat:app`). */
  @Post('chat')
  @NoStore()
  issueChatToken(
    @CurrentCaller() caller: Caller,
    @Body() body: IssueChatTokenDto,
  ): ChatTokenResponseDto {
    return this.tokens.chat(caller, body);
  }

  /**
   * What a token (any version) contains, its expiry, which configured certificate signed it, and
   * which of App ID, channel, user, signature and expiry would make Agora refuse it (109/110).
   * Needs `tokens:inspect`. 200: reading a token creates nothing.
   */
  @Post('inspect')
  @HttpCode(HttpStatus.OK)
  @NoStore()
  inspectToken(
    @CurrentCaller() caller: Caller,
    @Body() body: InspectTokenDto,
  ): InspectTokenResponseDto {
    return this.inspector.inspect(caller, body);
  }
}
