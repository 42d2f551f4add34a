import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { IsOptionalNotNull, IsProjectName, IsSeconds } from './agora-names';
import { TokenServicesDto } from './token-services.dto';

/** `POST /v1/tokens`: one 007 token holding several services (as Agora's reference server does). */
export class IssueTokenDto {
  /** The services, by name; at least one. */
  @IsObject()
  @ValidateNested()
  @Type(() => TokenServicesDto)
  services!: TokenServicesDto;

  /** Token lifetime (and every privilege's) in seconds; defaults to `TOKEN_DEFAULT_TTL_SECONDS`. */
  @IsOptionalNotNull()
  @IsSeconds()
  ttlSeconds?: number;

  /** Configured Agora project to sign for; defaults to the default project. */
  @IsOptionalNotNull()
  @IsProjectName()
  project?: string;
}
