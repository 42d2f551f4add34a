import { ApiProperty } from '@nestjs/swagger';
import { type Static, type TProperties, Type } from '@sinclair/typebox';
import { schemaDto } from '../../common/schema-dto';
import {
  ChannelUser,
  lifetimeAndProject,
  OptionalUuid,
  Role,
  Seconds,
  Strict,
  UserId,
} from './agora-names';
import { chatKind, USER_ID_BY_KIND } from './chat.dto';
import { IssuedTokenDto, PRIVILEGE_EXPIRY_SCHEMA } from './issued-token.dto';
import { RtcPrivileges } from './rtc.dto';
import { RtmPermissions } from './rtm.dto';

const ROLE = '`publisher` (needs `rtc:publish`) or `subscriber`.';
/** A service that carries no fields: `{}`. */
const Empty = (description: string) => Type.Optional(Strict({}, { description }));
/** A service with fields, its own component `title`. */
const Service = <P extends TProperties>(
  title: string,
  description: string,
  properties: P,
  more = {},
) => Type.Optional(Strict(properties, { ...more, title, description }));

const StreamingPrivileges = Strict(
  {
    publishMixStream: Type.Optional(Seconds('Seconds the holder may publish a mixed stream.')),
    publishRawStream: Type.Optional(Seconds('Seconds the holder may publish a raw stream.')),
  },
  {
    title: 'StreamingPrivilegesDto',
    description: 'Which publish privileges, for how long; omitted means both for `ttlSeconds`.',
  },
);
const rtmUserId = () => UserId({ description: 'RTM user id.' });

const services = Strict(
  {
    rtc: Type.Optional(
      ChannelUser(
        { role: Role(ROLE), privileges: Type.Optional(RtcPrivileges) },
        {
          title: 'RtcServiceDto',
          description: 'RTC: join (and publish, for publishers) in one channel.',
        },
      ),
    ),
    rtm: Service('RtmServiceDto', 'RTM login.', { userId: rtmUserId() }),
    rtm2: Service('Rtm2ServiceDto', 'RTM2 login with resource permissions.', {
      userId: rtmUserId(),
      permissions: Type.Optional(
        RtmPermissions('Resource permissions; present (even empty) needs `rtm:permissions`.'),
      ),
    }),
    chat: Service('ChatServiceDto', 'Chat user or app privilege.', chatKind(), USER_ID_BY_KIND),
    fpa: Empty('FPA login (`{}`); bound to no user, so it needs `tokens:wildcard`.'),
    apaas: Service(
      'ApaasServiceDto',
      'APaaS (Flexible Classroom). With a room: the `roomUser` privilege; with only a user: `user`; with neither: `app` (a wildcard, needs `tokens:wildcard`).',
      {
        roomUuid: Type.Optional(
          OptionalUuid({
            description:
              'Classroom uuid (judged like a channel); "" or omitted for user and app tokens.',
            example: 'demo-room',
          }),
        ),
        userUuid: Type.Optional(
          OptionalUuid({
            description: 'User uuid (judged like an account); "" or omitted for the app token.',
            example: 'alice',
          }),
        ),
        role: Type.Optional(
          Type.Integer({
            minimum: -32768,
            maximum: 32767,
            default: -1,
            description:
              'Classroom role (signed 16-bit); -1 (default) means none. Any other value needs `rtc:publish`.',
          }),
        ),
      },
    ),
    streaming: Type.Optional(
      ChannelUser(
        { privileges: Type.Optional(StreamingPrivileges) },
        {
          title: 'StreamingServiceDto',
          description: 'Streaming: it only publishes, so it needs `rtc:publish`.',
        },
      ),
    ),
    convoai: Empty('Conversational AI agent (`{}`): needs `rtc` and `rtm` or `rtm2` beside it.'),
    stt: Empty('Speech-to-text agent (`{}`): needs `rtc` and `rtm` or `rtm2` beside it.'),
    fcdn: Type.Optional(
      ChannelUser(
        { role: Role(ROLE) },
        { title: 'FcdnServiceDto', description: 'FCDN play (and publish, for publishers).' },
      ),
    ),
  },
  {
    title: 'TokenServicesDto',
    description:
      "The services of one 007 token, at least one; every privilege lasts the token's `ttlSeconds`.",
  },
);
export type TokenServicesDto = Static<typeof services>;

export const IssueTokenDto = schemaDto(
  'IssueTokenDto',
  Strict(
    { services, ...lifetimeAndProject() },
    {
      description:
        "`POST /v1/tokens`: one 007 token holding several services (as Agora's reference server does).",
    },
  ),
  {
    rtcAndRtm: {
      summary: 'RTC and an RTM login in one token',
      value: {
        services: {
          rtc: { channel: 'demo-room', uid: 1001, role: 'publisher' },
          rtm: { userId: 'alice' },
        },
        ttlSeconds: 3600,
      },
    },
    rtcAndChat: {
      summary: 'RTC by account and a Chat user token',
      value: {
        services: {
          rtc: { channel: 'demo-room', account: 'alice', role: 'subscriber' },
          chat: { kind: 'user', userId: 'alice' },
        },
      },
    },
    rtm2: {
      summary: 'RTM2 with permissions and streaming (needs rtm:permissions, rtc:publish)',
      value: {
        services: {
          rtm2: {
            userId: 'alice',
            permissions: [
              { resource: 'streamChannels', permission: 'write', names: ['demo-room'] },
            ],
          },
          streaming: { channel: 'demo-room', uid: 1001 },
        },
      },
    },
  },
);
export type IssueTokenDto = Static<typeof IssueTokenDto.schema>;

/** One service of a multi-service token. */
export class IssuedServiceDto {
  /** Service name, as in the token spec. */
  @ApiProperty({
    enum: ['rtc', 'rtm', 'streaming', 'fpa', 'chat', 'fcdn', 'apaas', 'rtm2', 'convoai', 'stt'],
  })
  service!: string;
  /** Each privilege of the service and when it ends (empty for ConvoAI and STT). */
  @ApiProperty(PRIVILEGE_EXPIRY_SCHEMA)
  privilegeExpiresAt!: Record<string, string>;
}

/** An issued multi-service 007 token. */
export class MultiTokenResponseDto extends IssuedTokenDto {
  /** The services in the token, in packing order (by service type). */
  services!: IssuedServiceDto[];
}
