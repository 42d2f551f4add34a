import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, ValidateNested } from 'class-validator';
import {
  IsAccountOrUid,
  IsChannelName,
  IsOptionalNotNull,
  IsProjectName,
  IsSeconds,
  IsUidOrAccount,
} from './agora-names';
import { RtcPrivilegesDto } from './rtc-privileges.dto';
import { RtcRtmLoginDto } from './rtc-rtm-login.dto';

/** `POST /v1/tokens/rtc`: an RTC token for one user in one channel. */
export class IssueRtcTokenDto {
  /**
   * Channel name, exactly as the SDK joins it (never trimmed or normalised).
   * @example "demo-room"
   */
  @IsChannelName()
  channel!: string;

  /**
   * Numeric Agora uid (0..4294967295; 0 = any user, which needs `tokens:wildcard`). Exactly one of
   * `uid` and `account`.
   * @example 1001
   */
  @IsUidOrAccount()
  uid?: number;

  /**
   * String user account (1..255 bytes; not all digits). Exactly one of `uid` and `account`.
   * @example "alice"
   */
  @IsAccountOrUid()
  account?: string;

  /** `publisher` may send streams (needs `rtc:publish`); `subscriber` only receives. */
  @ApiProperty({ enum: ['publisher', 'subscriber'], example: 'publisher' })
  @IsIn(['publisher', 'subscriber'])
  role!: 'publisher' | 'subscriber';

  /** Token lifetime in seconds; defaults to `TOKEN_DEFAULT_TTL_SECONDS`, at most `TOKEN_MAX_TTL_SECONDS`. */
  @IsOptionalNotNull()
  @IsSeconds()
  ttlSeconds?: number;

  /** Per-privilege lifetimes in seconds after issue; each defaults to `ttlSeconds`. */
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => RtcPrivilegesDto)
  privileges?: RtcPrivilegesDto;

  /** Adds an RTM login to the same token. Not available with `version` "006". */
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => RtcRtmLoginDto)
  rtm?: RtcRtmLoginDto;

  /** `007` (default) or `006` for SDKs older than the 007 era. */
  @ApiProperty({ enum: ['007', '006'], default: '007' })
  @IsOptionalNotNull()
  @IsIn(['007', '006'])
  version?: '007' | '006';

  /** Configured Agora project to sign for; defaults to the default project. */
  @IsOptionalNotNull()
  @IsProjectName()
  project?: string;
}
