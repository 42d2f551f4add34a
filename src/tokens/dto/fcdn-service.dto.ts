import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsAccountOrUid, IsChannelName, IsUidOrAccount } from './agora-names';

/** The FCDN service: `play` for a subscriber, `publish` and `play` for a publisher. */
export class FcdnServiceDto {
  /** Channel name. */
  @IsChannelName()
  channel!: string;

  /** Numeric uid. Exactly one of `uid` and `account`. */
  @IsUidOrAccount()
  uid?: number;

  /** String user account. Exactly one of `uid` and `account`. */
  @IsAccountOrUid()
  account?: string;

  /** `publisher` (needs `rtc:publish`) or `subscriber`. */
  @ApiProperty({ enum: ['publisher', 'subscriber'] })
  @IsIn(['publisher', 'subscriber'])
  role!: 'publisher' | 'subscriber';
}
