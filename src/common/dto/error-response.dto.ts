import { ApiProperty } from '@nestjs/swagger';

/** Every error response: `{ statusCode, error, message, code }`. */
export class ErrorResponseDto {
  /** HTTP status code. */
  @ApiProperty({ type: 'integer' })
  statusCode!: number;
  /** HTTP reason phrase, e.g. `Forbidden`. */
  error!: string;
  /** Human-readable message; a list of field messages for `VALIDATION_FAILED`. */
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] })
  message!: string | string[];
  /**
   * Stable machine-readable code, e.g. `VALIDATION_FAILED`, `UNAUTHENTICATED`,
   * `CHANNEL_NOT_GRANTED`, `RATE_LIMITED`, `AUTH_KEYS_UNAVAILABLE`. Switch on this, not on `message`.
   */
  code!: string;
}
