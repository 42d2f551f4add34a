import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AppSession } from '../auth/app-session';
import { CurrentSession } from '../auth/session.decorator';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { FetchRtcTokenDto } from './dto/compat.dto';
import { FetchRtcTokenResponseDto } from './dto/compat.dto';
import { GetTokenDto } from './dto/compat.dto';
import { GetTokenResponseDto } from './dto/compat.dto';
import { NoStore } from './no-store.decorator';
import { RequestId } from './request-id.decorator';
import { TokenAuthorizer } from './token-authorizer';
import { TokenRequests } from './token-requests';
import { TokenService } from './token.service';

/**
 * Drop-in routes for clients of existing token servers, behind the same JWT guard and policy.
 * Matched: request field names and the 200 status of each original; their answers' shapes. Not
 * matched, on purpose: their error bodies (ours are the usual `{ ..., code }`), their lenient
 * parsing (unknown roles, numeric strings), and anything issued without a caller JWT.
 */
@ApiTags('compatibility')
@Controller()
@ApiErrorResponses(400, 401, 403, 413, 415, 429, 503)
export class CompatController {
  constructor(
    private readonly requests: TokenRequests,
    private readonly authorizer: TokenAuthorizer,
    private readonly tokens: TokenService,
  ) {}

  /**
   * Agora's tutorial token server (docs.agora.io, "Upgrade from AccessToken to AccessToken2",
   * server.go): `{ uid, ChannelName, role }` → 200 `{ token, code: "200" }`. 007 token.
   */
  @Post('fetch_rtc_token')
  @HttpCode(HttpStatus.OK)
  @NoStore()
  fetchRtcToken(
    @CurrentSession() session: AppSession,
    @Body() body: FetchRtcTokenDto,
    @RequestId() requestId?: string,
  ): FetchRtcTokenResponseDto {
    const issue = this.requests.fetchRtcToken(body);
    this.authorizer.authorize(session, issue, requestId);
    return { token: this.tokens.issue(session, issue, requestId).token, code: '200' };
  }

  /**
   * The community token server (AgoraIO-Community/agora-token-service `POST /getToken`):
   * `{ tokenType, channel, role, uid, expire }` → 200 `{ token }`.
   */
  @Post('getToken')
  @HttpCode(HttpStatus.OK)
  @NoStore()
  getToken(
    @CurrentSession() session: AppSession,
    @Body() body: GetTokenDto,
    @RequestId() requestId?: string,
  ): GetTokenResponseDto {
    const issue = this.requests.getToken(body);
    this.authorizer.authorize(session, issue, requestId);
    return { token: this.tokens.issue(session, issue, requestId).token };
  }
}
