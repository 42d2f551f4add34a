import { ApiProperty } from '@nestjs/swagger';
import { type Static, Type } from '@sinclair/typebox';
import { schemaDto } from '../../common/schema-dto';
import { Enum, lifetimeAndProject, Strict, UserId } from './agora-names';
import { IssuedTokenDto, PRIVILEGE_EXPIRY_SCHEMA } from './issued-token.dto';

/** `kind` and `userId` of a Chat grant, and (`USER_ID_BY_KIND`) the rule between them. */
export const chatKind = () => ({
  kind: Enum(['user', 'app'] as const, {
    description: "`user`: a Chat user's token; `app`: the app-wide token (needs `chat:app`).",
    example: 'user',
  }),
  userId: Type.Optional(
    UserId({
      description:
        'Chat user id (1..63 bytes; not all digits); required for `user`, forbidden for `app`.',
    }),
  ),
});

export const USER_ID_BY_KIND = {
  anyOf: [
    { properties: { kind: { enum: ['user'] } }, required: ['userId'] },
    { properties: { kind: { enum: ['app'] } }, not: { required: ['userId'] } },
  ],
};

export const IssueChatTokenDto = schemaDto(
  'IssueChatTokenDto',
  Strict(
    { ...chatKind(), ...lifetimeAndProject() },
    {
      ...USER_ID_BY_KIND,
      description:
        '`POST /v1/tokens/chat`: a Chat user token, or the app token (needs `chat:app`).',
    },
  ),
  {
    user: { summary: "A Chat user's token", value: { kind: 'user', userId: 'alice' } },
    app: { summary: 'The app-wide Chat token (needs chat:app)', value: { kind: 'app' } },
  },
);
export type IssueChatTokenDto = Static<typeof IssueChatTokenDto.schema>;

/** An issued Chat token. */
export class ChatTokenResponseDto extends IssuedTokenDto {
  /** `user` or `app`. */
  @ApiProperty({ enum: ['user', 'app'] })
  kind!: 'user' | 'app';
  /** Chat user id the token is for; absent for the app token. */
  userId?: string;
  /** The `user` or `app` privilege and when it ends. */
  @ApiProperty({ ...PRIVILEGE_EXPIRY_SCHEMA, example: { user: '2026-01-01T13:00:00.000Z' } })
  privilegeExpiresAt!: Record<string, string>;
}
