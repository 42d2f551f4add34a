import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, ValidateNested } from 'class-validator';
import { IsOptionalNotNull, IsUserId } from './agora-names';
import { RtmPermissionDto } from './rtm-permission.dto';

/** The RTM2 service of a multi-service token: a login with resource permissions. */
export class Rtm2ServiceDto {
  /**
   * RTM user id.
   * @example "alice"
   */
  @IsUserId()
  userId!: string;

  /** Resource permissions; present (even empty) needs `rtm:permissions`. */
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(32)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RtmPermissionDto)
  permissions?: RtmPermissionDto[];
}
