import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsByteLength, IsIn, IsString } from 'class-validator';

/** Resource names of an RTM2 permission, as in the token spec (design §9). */
export const RTM_RESOURCES = [
  'messageChannels',
  'streamChannels',
  'groupChannels',
  'serverGroups',
  'users',
] as const;

/** One RTM2 permission: read or write on the named resources. */
export class RtmPermissionDto {
  /** The kind of resource the names refer to. */
  @ApiProperty({ enum: RTM_RESOURCES, example: 'messageChannels' })
  @IsIn(RTM_RESOURCES)
  resource!: (typeof RTM_RESOURCES)[number];

  /** `read` or `write`. */
  @ApiProperty({ enum: ['read', 'write'], example: 'read' })
  @IsIn(['read', 'write'])
  permission!: 'read' | 'write';

  /**
   * Resource names (1..64 bytes each, at most 64 names), signed exactly as given.
   * @example ["lobby", "team-1"]
   */
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  @IsByteLength(1, 64, { each: true })
  names!: string[];
}
