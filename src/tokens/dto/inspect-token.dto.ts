import { IsByteLength, IsString } from 'class-validator';
import { IsAbsentIf, IsAccount, IsChannelName, IsOptionalNotNull, IsUid } from './agora-names';

/** `POST /v1/tokens/inspect`: what a token contains and which configured certificate signed it. */
export class InspectTokenDto {
  /**
   * The token, any version (007, 006, DynamicKey5 and older, signalling).
   * @example "007eJxTYBBbsMMnPq7..."
   */
  @IsString()
  @IsByteLength(1, 8192)
  token!: string;

  /** Legacy formats (006 and older) sign a channel they do not carry: give it to verify them. */
  @IsOptionalNotNull()
  @IsChannelName()
  channel?: string;

  /** The uid a legacy token was made for (at most one of `uid` and `account`). */
  @IsOptionalNotNull()
  @IsAbsentIf((o) => (o as InspectTokenDto).account !== undefined, 'give uid or account, not both')
  @IsUid()
  uid?: number;

  /** The user account a legacy token was made for. */
  @IsOptionalNotNull()
  @IsAccount()
  account?: string;
}
