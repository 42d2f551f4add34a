import { ApiProperty } from '@nestjs/swagger';
import { IsIn, ValidateIf } from 'class-validator';
import { IsAbsentIf, IsOptionalNotNull, IsProjectName, IsSeconds, IsUserId } from './agora-names';

/** `POST /v1/tokens/chat`: a Chat user token, or the app token (needs `chat:app`). */
export class IssueChatTokenDto {
  /** `user`: a Chat user's token; `app`: the app-wide token for the app's own server. */
  @ApiProperty({ enum: ['user', 'app'], example: 'user' })
  @IsIn(['user', 'app'])
  kind!: 'user' | 'app';

  /**
   * Chat user id (1..63 bytes; not all digits); required for `user`, forbidden for `app`.
   * @example "alice"
   */
  @ValidateIf((o: IssueChatTokenDto) => o.kind !== 'app' || o.userId !== undefined)
  @IsAbsentIf((o) => (o as IssueChatTokenDto).kind === 'app', 'userId must be omitted for kind app')
  @IsUserId()
  userId?: string;

  /** Token lifetime in seconds; defaults to `TOKEN_DEFAULT_TTL_SECONDS`. */
  @IsOptionalNotNull()
  @IsSeconds()
  ttlSeconds?: number;

  /** Configured Agora project to sign for; defaults to the default project. */
  @IsOptionalNotNull()
  @IsProjectName()
  project?: string;
}
