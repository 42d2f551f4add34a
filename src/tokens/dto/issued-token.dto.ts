import { ApiProperty } from '@nestjs/swagger';

/** The timing of a privilege map: privilege name to its absolute expiry (ISO-8601, UTC). */
export const PRIVILEGE_EXPIRY_SCHEMA = {
  type: 'object',
  additionalProperties: { type: 'string', format: 'date-time' },
} as const;

/** What every issuance answers: the token and when it was issued and expires. */
export class IssuedTokenDto {
  /** The Agora token. Treat it as a secret: it lets its holder act as the user until it expires. */
  token!: string;
  /** Token format: `007` (AccessToken2) or `006` (legacy AccessToken). */
  @ApiProperty({ enum: ['007', '006'] })
  version!: '007' | '006';
  /** App ID of the project the token is for. */
  appId!: string;
  /** Name of the configured project the token was signed for. */
  project!: string;
  /** When the token was issued, ISO-8601 UTC. */
  @ApiProperty({ format: 'date-time', example: '2026-01-01T12:00:00.000Z' })
  issuedAt!: string;
  /** When the token expires, ISO-8601 UTC. */
  @ApiProperty({ format: 'date-time', example: '2026-01-01T13:00:00.000Z' })
  expiresAt!: string;
  /** `issuedAt` in unix seconds. */
  @ApiProperty({ type: 'integer' })
  issuedAtUnix!: number;
  /** `expiresAt` in unix seconds. */
  @ApiProperty({ type: 'integer' })
  expiresAtUnix!: number;
  /** Token lifetime in seconds; the SDK warns 30 s before the end, renew then. */
  @ApiProperty({ type: 'integer' })
  expiresInSeconds!: number;
}
