import { ApiProperty } from '@nestjs/swagger';
import { IssuedTokenDto, PRIVILEGE_EXPIRY_SCHEMA } from './issued-token.dto';

/** An issued Chat token. */
export class ChatTokenResponseDto extends IssuedTokenDto {
  /** `user` or `app`. */
  @ApiProperty({ enum: ['user', 'app'] })
  kind!: 'user' | 'app';

  /** Chat user id the token is for; absent for the app token. */
  userId?: string;

  /** The `user` or `app` privilege and when it ends. */
  @ApiProperty({ ...PRIVILEGE_EXPIRY_SCHEMA, example: { user: '2026-01-01T13:00:00.000Z' } })
  privilegeExpiresAt!: Record<string, string>;
}
