import { IsOptionalNotNull, IsSeconds, IsUserId } from './agora-names';

/** An RTM login riding in the RTC token (Agora's `buildTokenWithRtm2`). */
export class RtcRtmLoginDto {
  /**
   * RTM user id. Defaults to the RTC `account`; required with a numeric `uid` (a uid has no
   * RTM user id of its own).
   * @example "alice"
   */
  @IsOptionalNotNull()
  @IsUserId()
  userId?: string;

  /** Seconds the RTM login lasts; defaults to the token's `ttlSeconds`, may not exceed it. */
  @IsOptionalNotNull()
  @IsSeconds()
  ttlSeconds?: number;
}
