import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';

const CHECKS: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    properties: { status: { type: 'string', enum: ['up', 'down'] } },
  },
};

/** A passing health check: `up` or `down` per check, nothing else. */
export class HealthStatusDto {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
  /** Checks that are up. */
  @ApiProperty(CHECKS)
  info!: Record<string, { status: string }>;
  /** Checks that are down (empty when the status is ok). */
  @ApiProperty(CHECKS)
  error!: Record<string, { status: string }>;
  /** Every check. */
  @ApiProperty(CHECKS)
  details!: Record<string, { status: string }>;
}
