import { ApiProperty } from '@nestjs/swagger';
import { PRIVILEGE_EXPIRY_SCHEMA } from './issued-token.dto';

/** One service of a multi-service token. */
export class IssuedServiceDto {
  /** Service name, as in the token spec. */
  @ApiProperty({
    enum: ['rtc', 'rtm', 'streaming', 'fpa', 'chat', 'fcdn', 'apaas', 'rtm2', 'convoai', 'stt'],
  })
  service!: string;

  /** Each privilege of the service and when it ends (empty for ConvoAI and STT). */
  @ApiProperty(PRIVILEGE_EXPIRY_SCHEMA)
  privilegeExpiresAt!: Record<string, string>;
}
