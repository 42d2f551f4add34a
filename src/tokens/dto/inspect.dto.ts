import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type Static, Type } from '@sinclair/typebox';
import { schemaDto } from '../../common/schema-dto';
import { HEX32 } from '../../agora-token';
import { Account, ChannelName, Strict, Uid } from './agora-names';
import { PRIVILEGE_EXPIRY_SCHEMA } from './issued-token.dto';

/** Example tokens: built by the library for channel `demo-room`, uid 1001, with Agora's sample App ID. */
const EXAMPLE_007 =
  '007eJwBfwCA/yAA17vX8ZIONkEz2N1+DBXfBayaWrwLRG2zdFimqC8H1pwgADk3MENBMzVkZTYwYzQ0NjQ1YmJhZThhMjE1MDYxYjMzwGFWaRAOAAABAAAAAQABAAQAAQAQDgAAAgAQDgAAAwAQDgAABAAQDgAACQBkZW1vLXJvb20EADEwMDHcfx7O';
const EXAMPLE_006 =
  '006970CA35de60c44645bbae8a215061b33IAAztJbtaq0uQTt31v9Cvts+CpyEs5V+VhIV06bxIMeEI0GfxAaBkyDDIgABAAAA0G9WaQQAAQDQb1ZpAgDQb1ZpAwDQb1ZpBADQb1Zp';

export const InspectTokenDto = schemaDto(
  'InspectTokenDto',
  Strict(
    {
      token: Type.String({
        minLength: 1,
        'x-maxUtf8Bytes': 8192,
        description:
          'The token, any version (007, 006, DynamicKey5 and older, signalling); at most 8192 UTF-8 bytes.',
        example: EXAMPLE_007,
      }),
      appId: Type.Optional(
        Type.String({
          pattern: HEX32.source,
          description:
            'The App ID the client initialises its SDK with: `verdict` says whether the token names it.',
          example: '970CA35de60c44645bbae8a215061b33',
        }),
      ),
      channel: Type.Optional(
        ChannelName({
          description:
            'The channel the client joins: `verdict` compares it with the token. Legacy formats (006 and older) sign a channel they do not carry: give it to verify them.',
        }),
      ),
      uid: Type.Optional(
        Uid({
          description:
            'The uid the client joins with (at most one of `uid` and `account`), compared in `verdict`; needed to verify legacy tokens.',
        }),
      ),
      account: Type.Optional(
        Account({
          description: 'The user account the client joins with, compared in `verdict`.',
        }),
      ),
    },
    {
      not: { required: ['uid', 'account'] },
      description:
        '`POST /v1/tokens/inspect`: what a token contains, which configured certificate signed it, and whether Agora would accept it from a client sending `appId`, `channel` and `uid`/`account`.',
    },
  ),
  {
    token007: { summary: 'A 007 token', value: { token: EXAMPLE_007 } },
    joinCheck: {
      summary: 'Would Agora accept this 007 token for this App ID, channel and uid?',
      value: {
        token: EXAMPLE_007,
        appId: '970CA35de60c44645bbae8a215061b33',
        channel: 'demo-room',
        uid: 1001,
      },
    },
    token006: {
      summary: 'A 006 token, with the channel and uid it was signed for',
      value: { token: EXAMPLE_006, channel: 'demo-room', uid: 1001 },
    },
  },
);
export type InspectTokenDto = Static<typeof InspectTokenDto.schema>;

/** The verdict of one configured certificate on a token's signature (never the certificate). */
export class SignatureCheckDto {
  /** Configured project whose App ID the token names. */
  project!: string;
  /** Which of the project's certificates was tried. */
  @ApiProperty({ enum: ['primary', 'secondary'] })
  certificate!: 'primary' | 'secondary';
  /** True when this certificate produced the token's signature. */
  valid!: boolean;
}
/** One of the five things Agora checks when a client joins with a token. */
export class TokenCheckDto {
  @ApiProperty({ enum: ['appId', 'channel', 'user', 'signature', 'expiry'] })
  check!: string;
  /** `unchecked`: nothing to compare (not asked for, or the format does not carry it). */
  @ApiProperty({ enum: ['pass', 'fail', 'unchecked'] })
  result!: string;
  /** On a fail, the error Agora reports: 109 token expired, 110 invalid token. */
  @ApiPropertyOptional({ enum: [109, 110] })
  agoraError?: number;
  /** One sentence for people (never a certificate or the token). */
  detail!: string;
}

/** Would Agora accept the token from a client sending `appId`, `channel` and `uid`/`account`? */
export class TokenVerdictDto {
  /** False when any check failed; unchecked parts do not count against the token. */
  accepted!: boolean;
  /** appId, channel, user, signature, expiry: in that order. */
  checks!: TokenCheckDto[];
}

/** An RTM2 permission as read from a token (unknown ids as decimal text). */
export class InspectedPermissionDto {
  /** Resource kind, e.g. `messageChannels`. */
  resource!: string;
  /** `read` or `write`. */
  permission!: string;
  /** Resource names, in token order. */
  names!: string[];
}

/** One service of an inspected 007 token: the token spec shape plus absolute expiries. */
export class InspectedServiceDto {
  /** Service name. */
  @ApiProperty({
    enum: ['rtc', 'rtm', 'streaming', 'fpa', 'chat', 'fcdn', 'apaas', 'rtm2', 'convoai', 'stt'],
  })
  service!: string;
  /** RTC, Streaming, FCDN: the channel. */
  channel?: string;
  /** RTC: the numeric uid (0: any user). */
  @ApiPropertyOptional({ type: 'integer' })
  uid?: number;
  /** RTC, Streaming, FCDN: the user account. */
  account?: string;
  /** RTM, RTM2, Chat: the user id ("" for a Chat app token). */
  userId?: string;
  /** APaaS: the room uuid. */
  roomUuid?: string;
  /** APaaS: the user uuid. */
  userUuid?: string;
  /** APaaS: the room role (-1: none). */
  @ApiPropertyOptional({ type: 'integer' })
  role?: number;
  /** RTM2: the resource permissions. */
  permissions?: InspectedPermissionDto[];
  /** Privilege name to seconds after issue, as carried. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  privileges!: Record<string, number>;
  /** Privilege name to its absolute expiry (0 seconds: as long as the token). */
  @ApiProperty(PRIVILEGE_EXPIRY_SCHEMA)
  privilegeExpiresAt!: Record<string, string>;
}

const INTEGER = { type: 'integer' } as const;

/**
 * What a token contains: the fields `agora-token-authority inspect --json` prints for its version (007: the
 * token spec shape; legacy formats: their own fields), plus absolute expiry times and the verdict
 * of every configured certificate of the token's App ID.
 */
export class InspectTokenResponseDto {
  /** Token format. */
  @ApiProperty({ enum: ['007', '006', '005', '004', '003', 'dk2', 'dk1', 'signaling'] })
  version!: string;
  /** App ID the token names. */
  appId!: string;
  /** 007: issue time, unix seconds. */
  @ApiPropertyOptional(INTEGER)
  issuedAt?: number;
  /** 007: lifetime in seconds after `issuedAt`. */
  @ApiPropertyOptional(INTEGER)
  expire?: number;
  /** 007, 006: the salt. */
  @ApiPropertyOptional(INTEGER)
  salt?: number;
  /** 007: the services, privileges with their absolute expiries. */
  services?: InspectedServiceDto[];
  /** 007: parsing stopped at this unknown service type. */
  @ApiPropertyOptional(INTEGER)
  unknownServiceType?: number;
  /** Legacy formats: the signature as carried (hex). */
  signature?: string;
  /** 006: CRC-32 of the channel name the token was signed for. */
  @ApiPropertyOptional(INTEGER)
  crcChannelName?: number;
  /** 006: CRC-32 of the uid text the token was signed for. */
  @ApiPropertyOptional(INTEGER)
  crcUid?: number;
  /** 006: expiry, unix seconds. */
  @ApiPropertyOptional(INTEGER)
  ts?: number;
  /** 006: privilege name to absolute expiry, unix seconds (0: no limit). */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'integer' } })
  privileges?: Record<string, number>;
  /** 006: privilege name to absolute expiry, ISO-8601 (null: no limit). */
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', format: 'date-time', nullable: true },
  })
  privilegeExpiresAt?: Record<string, string | null>;
  /** DynamicKey5: the service type number. */
  @ApiPropertyOptional(INTEGER)
  serviceType?: number;
  /** DynamicKey5 and 4: the service name. */
  service?: string;
  /** DynamicKey5 and older: issue time, unix seconds. */
  @ApiPropertyOptional(INTEGER)
  unixTs?: number;
  /** DynamicKey5 and older: the random value. */
  @ApiPropertyOptional(INTEGER)
  randomInt?: number;
  /** DynamicKey5..2, signalling: expiry, unix seconds (0: none). */
  @ApiPropertyOptional(INTEGER)
  expiredTs?: number;
  /** DynamicKey3 and 2: the uid carried. */
  @ApiPropertyOptional(INTEGER)
  uid?: number;
  /** DynamicKey5: extra entries by name. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  extra?: Record<string, string>;
  /** When the token expires, ISO-8601 UTC; absent when the format carries no expiry. */
  @ApiPropertyOptional({ format: 'date-time' })
  expiresAt?: string;
  /** True when `expiresAt` has passed (by this server's clock). */
  expired!: boolean;
  /**
   * One verdict per configured certificate of the token's App ID; empty when no project has that
   * App ID, or when a legacy token needs `channel` and `uid`/`account` to be verified (see `note`).
   */
  signatures!: SignatureCheckDto[];
  /** Why `signatures` is empty, when it is. */
  note?: string;
  /**
   * Which of App ID, channel, user, signature and expiry would make Agora refuse the token
   * (errors 109/110), judged against the request's `appId`, `channel`, `uid`/`account` and this
   * server's clock.
   */
  verdict!: TokenVerdictDto;
  /** 007: how many strings were not UTF-8 (shown with `\\xHH` escapes). */
  @ApiPropertyOptional(INTEGER)
  escapedStrings?: number;
}
