import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, ValidateNested } from 'class-validator';
import { IsOptionalNotNull, IsProjectName, IsSeconds, IsUserId } from './agora-names';
import { RtmPermissionDto } from './rtm-permission.dto';

/** `POST /v1/tokens/rtm`: an RTM login, or an RTM2 login with resource permissions. */
export class IssueRtmTokenDto {
  /**
   * RTM user id (1..63 bytes; not all digits).
   * @example "alice"
   */
  @IsUserId()
  userId!: string;

  /** Token lifetime in seconds; defaults to `TOKEN_DEFAULT_TTL_SECONDS`. */
  @IsOptionalNotNull()
  @IsSeconds()
  ttlSeconds?: number;

  /** RTM2 resource permissions; present (even empty) makes an RTM2 token and needs `rtm:permissions`. */
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(32)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RtmPermissionDto)
  permissions?: RtmPermissionDto[];

  /** Configured Agora project to sign for; defaults to the default project. */
  @IsOptionalNotNull()
  @IsProjectName()
  project?: string;
}
