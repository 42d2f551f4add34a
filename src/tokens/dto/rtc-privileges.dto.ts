import { IsOptionalNotNull, IsSeconds } from './agora-names';

/**
 * Per-privilege lifetimes of an RTC token, in seconds after issue. Each defaults to the token's
 * `ttlSeconds` and may not exceed it; the publish privileges are for the publisher role only.
 */
export class RtcPrivilegesDto {
  /**
   * Seconds the holder may join the channel.
   * @example 600
   */
  @IsOptionalNotNull()
  @IsSeconds()
  joinChannel?: number;

  /** Seconds the holder may publish audio (publisher only). */
  @IsOptionalNotNull()
  @IsSeconds()
  publishAudioStream?: number;

  /** Seconds the holder may publish video (publisher only). */
  @IsOptionalNotNull()
  @IsSeconds()
  publishVideoStream?: number;

  /** Seconds the holder may publish data streams (publisher only). */
  @IsOptionalNotNull()
  @IsSeconds()
  publishDataStream?: number;
}
