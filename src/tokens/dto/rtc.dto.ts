import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type Static, Type } from '@sinclair/typebox';
import { schemaDto } from '../../common/schema-dto';
import {
  ChannelUser,
  Enum,
  lifetimeAndProject,
  Role,
  Seconds,
  Strict,
  UserId,
} from './agora-names';
import { IssuedTokenDto, PRIVILEGE_EXPIRY_SCHEMA } from './issued-token.dto';

const privilege = (description: string) => Type.Optional(Seconds(description));

export const RtcPrivileges = Strict(
  {
    joinChannel: privilege('Seconds the holder may join the channel.'),
    publishAudioStream: privilege('Seconds the holder may publish audio (publisher only).'),
    publishVideoStream: privilege('Seconds the holder may publish video (publisher only).'),
    publishDataStream: privilege('Seconds the holder may publish data streams (publisher only).'),
  },
  {
    title: 'RtcPrivilegesDto',
    description:
      "Per-privilege lifetimes in seconds after issue; each defaults to the token's `ttlSeconds` and may not exceed it.",
  },
);

/** Agora's `buildTokenWithRtm2`. */
const RtcRtmLogin = Strict(
  {
    userId: Type.Optional(
      UserId({
        description:
          'RTM user id. Defaults to the RTC `account`; required with a numeric `uid` (a uid has no RTM user id of its own).',
      }),
    ),
    ttlSeconds: Type.Optional(
      Seconds(
        "Seconds the RTM login lasts; defaults to the token's `ttlSeconds`, may not exceed it.",
      ),
    ),
  },
  { title: 'RtcRtmLoginDto', description: 'Adds an RTM login to the same token.' },
);

export const IssueRtcTokenDto = schemaDto(
  'IssueRtcTokenDto',
  ChannelUser(
    {
      role: Role('`publisher` may send streams (needs `rtc:publish`); `subscriber` only receives.'),
      ...lifetimeAndProject(),
      privileges: Type.Optional(RtcPrivileges),
      rtm: Type.Optional(RtcRtmLogin),
      version: Type.Optional(
        Enum(['007', '006'] as const, {
          default: '007',
          description: '`007` (default) or `006` for SDKs older than the 007 era (no `rtm` then).',
        }),
      ),
    },
    { description: '`POST /v1/tokens/rtc`: an RTC token for one user in one channel.' },
  ),
  {
    uid: {
      summary: 'A publisher by numeric uid',
      value: { channel: 'demo-room', uid: 1001, role: 'publisher', ttlSeconds: 3600 },
    },
    account: {
      summary: 'A subscriber by user account',
      value: { channel: 'demo-room', account: 'alice', role: 'subscriber' },
    },
    withRtm: {
      summary: 'With an RTM login in the same token (user id from the account)',
      value: { channel: 'demo-lobby', account: 'alice', role: 'publisher', rtm: {} },
    },
    privileges: {
      summary: 'Shorter publish privileges than the token',
      value: {
        channel: 'demo-room',
        uid: 1001,
        role: 'publisher',
        ttlSeconds: 3600,
        privileges: { publishAudioStream: 600, publishVideoStream: 600 },
      },
    },
    legacy006: {
      summary: 'A legacy 006 token for an old SDK',
      value: { channel: 'demo-room', uid: 1001, role: 'subscriber', version: '006' },
    },
  },
);
export type IssueRtcTokenDto = Static<typeof IssueRtcTokenDto.schema>;

/** The RTM login that rides in an RTC token. */
export class RtmLoginExpiryDto {
  /** RTM user id the login is for. */
  userId!: string;
  /** When the login privilege ends, ISO-8601 UTC. */
  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;
}

/** An issued RTC token and what it is bound to. */
export class RtcTokenResponseDto extends IssuedTokenDto {
  /** Channel the token is for. */
  channel!: string;
  /** Numeric uid the token is for (0: any user); absent for an account token. */
  @ApiPropertyOptional({ type: 'integer' })
  uid?: number;
  /** User account the token is for; absent for a uid token. */
  account?: string;
  /** Role the privileges were granted for. */
  @ApiProperty({ enum: ['publisher', 'subscriber'] })
  role!: 'publisher' | 'subscriber';
  /** Each granted RTC privilege and when it ends. */
  @ApiProperty({
    ...PRIVILEGE_EXPIRY_SCHEMA,
    example: { joinChannel: '2026-01-01T13:00:00.000Z' },
  })
  privilegeExpiresAt!: Record<string, string>;
  /** The RTM login in the same token, when requested. */
  rtm?: RtmLoginExpiryDto;
}
