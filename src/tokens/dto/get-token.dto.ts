import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, Min, ValidateIf } from 'class-validator';
import { IsChannelName, IsCompatUid, IsOptionalNotNull } from './agora-names';

/**
 * `POST /getToken`, the body of the community token server (AgoraIO-Community/agora-token-service,
 * service/http_handlers_POST.go `TokenRequest`: `tokenType`, `channel`, `role`, `uid` string,
 * `expire` int).
 */
export class GetTokenDto {
  /** `rtc`, `rtm` or `chat`. */
  @ApiProperty({ enum: ['rtc', 'rtm', 'chat'], example: 'rtc' })
  @IsIn(['rtc', 'rtm', 'chat'])
  tokenType!: 'rtc' | 'rtm' | 'chat';

  /**
   * rtc: the channel (required). rtm: an optional stream channel, which adds RTC join and
   * publishDataStream for the user id (as that server does; needs `rtc:publish`). chat: ignored.
   * @example "demo-room"
   */
  @ValidateIf((o: GetTokenDto) => o.tokenType === 'rtc' || o.channel !== undefined)
  @IsChannelName()
  channel?: string;

  /** rtc only: `publisher` (needs `rtc:publish`) or `subscriber` (the default, as that server's). */
  @ApiProperty({ enum: ['publisher', 'subscriber'] })
  @IsOptionalNotNull()
  @IsIn(['publisher', 'subscriber'])
  role?: 'publisher' | 'subscriber';

  /**
   * A string, as that server takes it. rtc: canonical decimal 0..4294967295 is a numeric uid,
   * anything else a user account. rtm: the user id (required). chat: the user id; omitted or ""
   * makes the app token (needs `chat:app`).
   * @example "1001"
   */
  @ValidateIf((o: GetTokenDto) => o.tokenType !== 'chat' || o.uid !== undefined)
  @IsCompatUid()
  uid?: string;

  /** Token lifetime in seconds; omitted or 0 means `TOKEN_DEFAULT_TTL_SECONDS` (as that server's 0). */
  @ApiProperty({ type: 'integer', minimum: 0 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  expire?: number;
}
