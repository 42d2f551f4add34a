import { ApiProperty } from '@nestjs/swagger';

/** The verdict of one configured certificate on a token's signature (never the certificate). */
export class SignatureCheckDto {
  /** Configured project whose App ID the token names. */
  project!: string;

  /** Which of the project's certificates was tried. */
  @ApiProperty({ enum: ['primary', 'secondary'] })
  certificate!: 'primary' | 'secondary';

  /** True when this certificate produced the token's signature. */
  valid!: boolean;
}
