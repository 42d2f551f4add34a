import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type Static, Type } from '@sinclair/typebox';
import { schemaDto } from '../../common/schema-dto';
import { Enum, lifetimeAndProject, Strict, UserId } from './agora-names';
import { IssuedTokenDto, PRIVILEGE_EXPIRY_SCHEMA } from './issued-token.dto';

const RtmPermission = Strict(
  {
    resource: Enum(
      ['messageChannels', 'streamChannels', 'groupChannels', 'serverGroups', 'users'] as const,
      {
        description: 'The kind of resource the names refer to.',
        example: 'messageChannels',
      },
    ),
    permission: Enum(['read', 'write'] as const, {
      description: '`read` or `write`.',
      example: 'read',
    }),
    names: Type.Array(
      // Any text, bounded in UTF-8 bytes: Agora signs resource names as given.
      Type.String({ minLength: 1, 'x-maxUtf8Bytes': 64 }),
      {
        maxItems: 64,
        description:
          'Resource names (1..64 UTF-8 bytes each, at most 64 names), signed exactly as given.',
        example: ['demo-room', 'demo-lobby'],
      },
    ),
  },
  {
    title: 'RtmPermissionDto',
    description: 'One RTM2 permission: read or write on the named resources.',
  },
);
export type RtmPermissionDto = Static<typeof RtmPermission>;

/** RTM2 resource permissions (present, even empty, needs `rtm:permissions`). */
export const RtmPermissions = (description: string) =>
  Type.Array(RtmPermission, { maxItems: 32, description });

export const IssueRtmTokenDto = schemaDto(
  'IssueRtmTokenDto',
  Strict(
    {
      userId: UserId({ description: 'RTM user id (1..63 bytes; not all digits).' }),
      ...lifetimeAndProject(),
      permissions: Type.Optional(
        RtmPermissions(
          'RTM2 resource permissions; present (even empty) makes an RTM2 token and needs `rtm:permissions`.',
        ),
      ),
    },
    {
      description:
        '`POST /v1/tokens/rtm`: an RTM login, or an RTM2 login with resource permissions.',
    },
  ),
  {
    login: { summary: 'An RTM login', value: { userId: 'alice', ttlSeconds: 3600 } },
    rtm2: {
      summary: 'An RTM2 login with resource permissions (needs rtm:permissions)',
      value: {
        userId: 'alice',
        permissions: [
          { resource: 'messageChannels', permission: 'read', names: ['demo-room', 'demo-lobby'] },
          { resource: 'messageChannels', permission: 'write', names: ['demo-room'] },
        ],
      },
    },
  },
);
export type IssueRtmTokenDto = Static<typeof IssueRtmTokenDto.schema>;

/** An issued RTM (or RTM2) token. */
export class RtmTokenResponseDto extends IssuedTokenDto {
  /** RTM user id the token is for. */
  userId!: string;
  /** `rtm` (login) or `rtm2` (login with resource permissions). */
  @ApiProperty({ enum: ['rtm', 'rtm2'] })
  service!: 'rtm' | 'rtm2';
  /** The RTM2 permissions granted. */
  @ApiPropertyOptional({ type: 'array', items: RtmPermission })
  permissions?: RtmPermissionDto[];
  /** The login privilege and when it ends. */
  @ApiProperty({ ...PRIVILEGE_EXPIRY_SCHEMA, example: { login: '2026-01-01T13:00:00.000Z' } })
  privilegeExpiresAt!: Record<string, string>;
}
