import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PRIVILEGE_EXPIRY_SCHEMA } from './issued-token.dto';
import { InspectedPermissionDto } from './inspected-permission.dto';

/** One service of an inspected 007 token: the token spec shape plus absolute expiries. */
export class InspectedServiceDto {
  /** Service name. */
  @ApiProperty({
    enum: ['rtc', 'rtm', 'streaming', 'fpa', 'chat', 'fcdn', 'apaas', 'rtm2', 'convoai', 'stt'],
  })
  service!: string;

  /** RTC, Streaming, FCDN: the channel. */
  channel?: string;

  /** RTC: the numeric uid (0: any user). */
  @ApiPropertyOptional({ type: 'integer' })
  uid?: number;

  /** RTC, Streaming, FCDN: the user account. */
  account?: string;

  /** RTM, RTM2, Chat: the user id ("" for a Chat app token). */
  userId?: string;

  /** APaaS: the room uuid. */
  roomUuid?: string;

  /** APaaS: the user uuid. */
  userUuid?: string;

  /** APaaS: the room role (-1: none). */
  @ApiPropertyOptional({ type: 'integer' })
  role?: number;

  /** RTM2: the resource permissions. */
  permissions?: InspectedPermissionDto[];

  /** Privilege name to seconds after issue, as carried. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  privileges!: Record<string, number>;

  /** Privilege name to its absolute expiry (0 seconds: as long as the token). */
  @ApiProperty(PRIVILEGE_EXPIRY_SCHEMA)
  privilegeExpiresAt!: Record<string, string>;
}
