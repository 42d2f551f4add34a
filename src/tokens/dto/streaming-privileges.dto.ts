import { IsOptionalNotNull, IsSeconds } from './agora-names';

/** Streaming privileges in seconds after issue; both default to the token's `ttlSeconds`. */
export class StreamingPrivilegesDto {
  /** Seconds the holder may publish a mixed stream. */
  @IsOptionalNotNull()
  @IsSeconds()
  publishMixStream?: number;

  /** Seconds the holder may publish a raw stream. */
  @IsOptionalNotNull()
  @IsSeconds()
  publishRawStream?: number;
}
