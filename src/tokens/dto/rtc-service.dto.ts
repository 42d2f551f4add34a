import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, ValidateNested } from 'class-validator';
import { IsAccountOrUid, IsChannelName, IsOptionalNotNull, IsUidOrAccount } from './agora-names';
import { RtcPrivilegesDto } from './rtc-privileges.dto';

/** The RTC service of a multi-service token. */
export class RtcServiceDto {
  /**
   * Channel name.
   * @example "demo-room"
   */
  @IsChannelName()
  channel!: string;

  /** Numeric uid (0 = any user). Exactly one of `uid` and `account`. */
  @IsUidOrAccount()
  uid?: number;

  /** String user account. Exactly one of `uid` and `account`. */
  @IsAccountOrUid()
  account?: string;

  /** `publisher` or `subscriber`. */
  @ApiProperty({ enum: ['publisher', 'subscriber'] })
  @IsIn(['publisher', 'subscriber'])
  role!: 'publisher' | 'subscriber';

  /** Per-privilege lifetimes; each defaults to the token's `ttlSeconds`. */
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => RtcPrivilegesDto)
  privileges?: RtcPrivilegesDto;
}
