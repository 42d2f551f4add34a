import { IsUserId } from './agora-names';

/** The RTM service of a multi-service token: a login for one user id. */
export class RtmServiceDto {
  /**
   * RTM user id.
   * @example "alice"
   */
  @IsUserId()
  userId!: string;
}
