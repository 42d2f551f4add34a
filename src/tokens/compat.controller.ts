import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { type Caller, CurrentCaller } from './caller.decorator';
import {
  FetchRtcTokenDto,
  FetchRtcTokenResponseDto,
  GetTokenDto,
  GetTokenResponseDto,
} from './dto/compat.dto';
import { NoStore } from './no-store.decorator';
import { TokenService } from './token.service';

/**
 * Drop-in routes for clients of existing token servers, behind the same JWT guard and policy:
 * their request fields, 200 status and answer shapes, not their error bodies or lenient parsing.
 */
@ApiTags('compatibility')
@Controller()
@ApiErrorResponses(400, 401, 403, 413, 415, 429, 503)
export class CompatController {
  constructor(private readonly tokens: TokenService) {}

  /**
   * Agora's tutorial token server (docs.agora.io, "Upgrade from AccessToken to AccessToken2",
   * server.go): `{ uid, ChannelName, role }` → 200 `{ token, code: "200" }`. 007 token.
   */
  @Post('fetch_rtc_token')
  @HttpCode(HttpStatus.OK)
  @NoStore()
  fetchRtcToken(
    @CurrentCaller() caller: Caller,
    @Body() body: FetchRtcTokenDto,
  ): FetchRtcTokenResponseDto {
    return this.tokens.fetchRtcToken(caller, body);
  }

  /**
   * The community token server (AgoraIO-Community/agora-token-service `POST /getToken`):
   * `{ tokenType, channel, role, uid, expire }` → 200 `{ token }`.
   */
  @Post('getToken')
  @HttpCode(HttpStatus.OK)
  @NoStore()
  getToken(@CurrentCaller() caller: Caller, @Body() body: GetTokenDto): GetTokenResponseDto {
    return this.tokens.getToken(caller, body);
  }
}
