import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { IsEmptyObject, IsOptionalNotNull } from './agora-names';
import { ApaasServiceDto } from './apaas-service.dto';
import { ChatServiceDto } from './chat-service.dto';
import { EmptyServiceDto } from './empty-service.dto';
import { FcdnServiceDto } from './fcdn-service.dto';
import { RtcServiceDto } from './rtc-service.dto';
import { Rtm2ServiceDto } from './rtm2-service.dto';
import { RtmServiceDto } from './rtm-service.dto';
import { StreamingServiceDto } from './streaming-service.dto';

/** The services of one 007 token, at least one; every privilege lasts the token's `ttlSeconds`. */
export class TokenServicesDto {
  /** RTC: join (and publish, for publishers) in one channel. */
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => RtcServiceDto)
  rtc?: RtcServiceDto;

  /** RTM login. */
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => RtmServiceDto)
  rtm?: RtmServiceDto;

  /** RTM2 login with resource permissions. */
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => Rtm2ServiceDto)
  rtm2?: Rtm2ServiceDto;

  /** Chat user or app privilege. */
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => ChatServiceDto)
  chat?: ChatServiceDto;

  /** FPA login (`{}`); bound to no user, so it needs `tokens:wildcard`. */
  @IsOptionalNotNull()
  @IsEmptyObject()
  fpa?: EmptyServiceDto;

  /** APaaS (Flexible Classroom). */
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => ApaasServiceDto)
  apaas?: ApaasServiceDto;

  /** Streaming (publish mix/raw streams). */
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => StreamingServiceDto)
  streaming?: StreamingServiceDto;

  /** Conversational AI agent (`{}`): needs `rtc` and `rtm` or `rtm2` beside it. */
  @IsOptionalNotNull()
  @IsEmptyObject()
  convoai?: EmptyServiceDto;

  /** Speech-to-text agent (`{}`): needs `rtc` and `rtm` or `rtm2` beside it. */
  @IsOptionalNotNull()
  @IsEmptyObject()
  stt?: EmptyServiceDto;

  /** FCDN play (and publish, for publishers). */
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => FcdnServiceDto)
  fcdn?: FcdnServiceDto;
}
