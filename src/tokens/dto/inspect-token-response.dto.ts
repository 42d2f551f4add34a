import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { InspectedServiceDto } from './inspected-service.dto';
import { SignatureCheckDto } from './signature-check.dto';

const INTEGER = { type: 'integer' } as const;

/**
 * What a token contains: the fields `agora-token inspect --json` prints for its version (007: the
 * token spec shape; legacy formats: their own fields), plus absolute expiry times and the verdict
 * of every configured certificate of the token's App ID.
 */
export class InspectTokenResponseDto {
  /** Token format. */
  @ApiProperty({ enum: ['007', '006', '005', '004', '003', 'dk2', 'dk1', 'signaling'] })
  version!: string;

  /** App ID the token names. */
  appId!: string;

  /** 007: issue time, unix seconds. */
  @ApiPropertyOptional(INTEGER)
  issuedAt?: number;

  /** 007: lifetime in seconds after `issuedAt`. */
  @ApiPropertyOptional(INTEGER)
  expire?: number;

  /** 007, 006: the salt. */
  @ApiPropertyOptional(INTEGER)
  salt?: number;

  /** 007: the services, privileges with their absolute expiries. */
  services?: InspectedServiceDto[];

  /** 007: parsing stopped at this unknown service type. */
  @ApiPropertyOptional(INTEGER)
  unknownServiceType?: number;

  /** Legacy formats: the signature as carried (hex). */
  signature?: string;

  /** 006: CRC-32 of the channel name the token was signed for. */
  @ApiPropertyOptional(INTEGER)
  crcChannelName?: number;

  /** 006: CRC-32 of the uid text the token was signed for. */
  @ApiPropertyOptional(INTEGER)
  crcUid?: number;

  /** 006: expiry, unix seconds. */
  @ApiPropertyOptional(INTEGER)
  ts?: number;

  /** 006: privilege name to absolute expiry, unix seconds (0: no limit). */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'integer' } })
  privileges?: Record<string, number>;

  /** 006: privilege name to absolute expiry, ISO-8601 (null: no limit). */
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', format: 'date-time', nullable: true },
  })
  privilegeExpiresAt?: Record<string, string | null>;

  /** DynamicKey5: the service type number. */
  @ApiPropertyOptional(INTEGER)
  serviceType?: number;

  /** DynamicKey5 and 4: the service name. */
  service?: string;

  /** DynamicKey5 and older: issue time, unix seconds. */
  @ApiPropertyOptional(INTEGER)
  unixTs?: number;

  /** DynamicKey5 and older: the random value. */
  @ApiPropertyOptional(INTEGER)
  randomInt?: number;

  /** DynamicKey5..2, signalling: expiry, unix seconds (0: none). */
  @ApiPropertyOptional(INTEGER)
  expiredTs?: number;

  /** DynamicKey3 and 2: the uid carried. */
  @ApiPropertyOptional(INTEGER)
  uid?: number;

  /** DynamicKey5: extra entries by name. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  extra?: Record<string, string>;

  /** When the token expires, ISO-8601 UTC; absent when the format carries no expiry. */
  @ApiPropertyOptional({ format: 'date-time' })
  expiresAt?: string;

  /** True when `expiresAt` has passed (by this server's clock). */
  expired!: boolean;

  /**
   * One verdict per configured certificate of the token's App ID; empty when no project has that
   * App ID, or when a legacy token needs `channel` and `uid`/`account` to be verified (see `note`).
   */
  signatures!: SignatureCheckDto[];

  /** Why `signatures` is empty, when it is. */
  note?: string;
}
