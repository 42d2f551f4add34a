import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IssuedTokenDto, PRIVILEGE_EXPIRY_SCHEMA } from './issued-token.dto';
import { RtmLoginExpiryDto } from './rtm-login-expiry.dto';

/** An issued RTC token and what it is bound to. */
export class RtcTokenResponseDto extends IssuedTokenDto {
  /** Channel the token is for. */
  channel!: string;

  /** Numeric uid the token is for (0: any user); absent for an account token. */
  @ApiPropertyOptional({ type: 'integer' })
  uid?: number;

  /** User account the token is for; absent for a uid token. */
  account?: string;

  /** Role the privileges were granted for. */
  @ApiProperty({ enum: ['publisher', 'subscriber'] })
  role!: 'publisher' | 'subscriber';

  /** Each granted RTC privilege and when it ends. */
  @ApiProperty({
    ...PRIVILEGE_EXPIRY_SCHEMA,
    example: { joinChannel: '2026-01-01T13:00:00.000Z' },
  })
  privilegeExpiresAt!: Record<string, string>;

  /** The RTM login in the same token, when requested. */
  rtm?: RtmLoginExpiryDto;
}
