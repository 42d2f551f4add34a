import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { IsOptionalNotNull, IsOptionalUuid } from './agora-names';

/**
 * The APaaS (Flexible Classroom) service. With a room: the `roomUser` privilege; with only a user:
 * `user`; with neither: `app` (a wildcard, needs `tokens:wildcard`).
 */
export class ApaasServiceDto {
  /**
   * Classroom uuid (judged like a channel); "" or omitted for user and app tokens.
   * @example "room-1"
   */
  @IsOptionalNotNull()
  @IsOptionalUuid()
  roomUuid?: string;

  /**
   * User uuid (judged like an account); "" or omitted for the app token.
   * @example "alice"
   */
  @IsOptionalNotNull()
  @IsOptionalUuid()
  userUuid?: string;

  /** Classroom role (signed 16-bit); -1 (default) means none. Any other value needs `rtc:publish`. */
  @ApiProperty({ type: 'integer', minimum: -32768, maximum: 32767, default: -1 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(-32768)
  @Max(32767)
  role?: number;
}
