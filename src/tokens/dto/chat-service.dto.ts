import { ApiProperty } from '@nestjs/swagger';
import { IsIn, ValidateIf } from 'class-validator';
import { IsAbsentIf, IsUserId } from './agora-names';

/** The Chat service of a multi-service token. */
export class ChatServiceDto {
  /** `user` (a Chat user) or `app` (app-wide; needs `chat:app`). */
  @ApiProperty({ enum: ['user', 'app'] })
  @IsIn(['user', 'app'])
  kind!: 'user' | 'app';

  /** Chat user id; required for `user`, forbidden for `app`. */
  @ValidateIf((o: ChatServiceDto) => o.kind !== 'app' || o.userId !== undefined)
  @IsAbsentIf((o) => (o as ChatServiceDto).kind === 'app', 'userId must be omitted for kind app')
  @IsUserId()
  userId?: string;
}
