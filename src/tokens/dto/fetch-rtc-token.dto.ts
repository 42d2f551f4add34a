import { ApiProperty } from '@nestjs/swagger';
import { IsIn, ValidateIf } from 'class-validator';
import { IsChannelName, IsExclusiveWith, IsOptionalNotNull, IsUid } from './agora-names';

/**
 * `POST /fetch_rtc_token`, the body of Agora's tutorial token server (docs.agora.io "Upgrade from
 * AccessToken to AccessToken2", server.go: `uid` uint32, `ChannelName`, `role` 1|2). Go's
 * encoding/json matches field names case-insensitively, and Agora's own web client sends
 * `channelName`, so both spellings are accepted (exactly one).
 */
export class FetchRtcTokenDto {
  /**
   * Numeric uid (0 = any user, judged by the policy).
   * @example 1001
   */
  @IsUid()
  uid!: number;

  /**
   * Channel name, as the tutorial server spells it. Exactly one of `ChannelName` and `channelName`.
   * @example "demo-room"
   */
  @ValidateIf((o: FetchRtcTokenDto) => o.channelName === undefined || o.ChannelName !== undefined)
  @IsExclusiveWith('channelName')
  @IsChannelName()
  ChannelName?: string;

  /** Channel name, as Agora's tutorial web client sends it. */
  @IsOptionalNotNull()
  @IsChannelName()
  channelName?: string;

  /** 1: publisher (needs `rtc:publish`); 2: subscriber. */
  @ApiProperty({ type: 'integer', enum: [1, 2], example: 1 })
  @IsIn([1, 2])
  role!: 1 | 2;
}
