/** An RTM2 permission as read from a token (unknown ids as decimal text). */
export class InspectedPermissionDto {
  /** Resource kind, e.g. `messageChannels`. */
  resource!: string;

  /** `read` or `write`. */
  permission!: string;

  /** Resource names, in token order. */
  names!: string[];
}
