import { ApiProperty } from '@nestjs/swagger';
import { IssuedTokenDto, PRIVILEGE_EXPIRY_SCHEMA } from './issued-token.dto';
import { RtmPermissionDto } from './rtm-permission.dto';

/** An issued RTM (or RTM2) token. */
export class RtmTokenResponseDto extends IssuedTokenDto {
  /** RTM user id the token is for. */
  userId!: string;

  /** `rtm` (login) or `rtm2` (login with resource permissions). */
  @ApiProperty({ enum: ['rtm', 'rtm2'] })
  service!: 'rtm' | 'rtm2';

  /** The RTM2 permissions granted. */
  permissions?: RtmPermissionDto[];

  /** The login privilege and when it ends. */
  @ApiProperty({ ...PRIVILEGE_EXPIRY_SCHEMA, example: { login: '2026-01-01T13:00:00.000Z' } })
  privilegeExpiresAt!: Record<string, string>;
}
