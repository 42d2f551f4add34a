import { ApiProperty } from '@nestjs/swagger';

/** The RTM login that rides in an RTC token. */
export class RtmLoginExpiryDto {
  /** RTM user id the login is for. */
  userId!: string;

  /** When the login privilege ends, ISO-8601 UTC. */
  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;
}
