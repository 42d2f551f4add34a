import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { IsAccountOrUid, IsChannelName, IsOptionalNotNull, IsUidOrAccount } from './agora-names';
import { StreamingPrivilegesDto } from './streaming-privileges.dto';

/** The Streaming service: it only publishes, so it needs `rtc:publish`. */
export class StreamingServiceDto {
  /** Channel name. */
  @IsChannelName()
  channel!: string;

  /** Numeric uid. Exactly one of `uid` and `account`. */
  @IsUidOrAccount()
  uid?: number;

  /** String user account. Exactly one of `uid` and `account`. */
  @IsAccountOrUid()
  account?: string;

  /** Which publish privileges, for how long; omitted means both for `ttlSeconds`. */
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => StreamingPrivilegesDto)
  privileges?: StreamingPrivilegesDto;
}
