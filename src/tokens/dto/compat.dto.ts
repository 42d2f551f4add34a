import { type Static, Type } from '@sinclair/typebox';
import { schemaDto } from '../../common/schema-dto';
import { ChannelName, CompatUid, Enum, RTC_ROLES, Strict, Uid } from './agora-names';

/**
 * Agora's tutorial token server (docs.agora.io "Upgrade from AccessToken to AccessToken2",
 * server.go). Its Go JSON decoding ignores case and Agora's web client sends `channelName`.
 */
export const FetchRtcTokenDto = schemaDto(
  'FetchRtcTokenDto',
  Strict(
    {
      uid: Uid({ description: 'Numeric uid (0 = any user, judged by the policy).' }),
      ChannelName: Type.Optional(
        ChannelName({
          description:
            'Channel name, as the tutorial server spells it. Exactly one of `ChannelName` and `channelName`.',
        }),
      ),
      channelName: Type.Optional(
        ChannelName({ description: "Channel name, as Agora's tutorial web client sends it." }),
      ),
      role: Enum([1, 2] as const, {
        description: '1: publisher (needs `rtc:publish`); 2: subscriber.',
        example: 1,
      }),
    },
    {
      oneOf: [{ required: ['ChannelName'] }, { required: ['channelName'] }],
      description: "The body of Agora's tutorial token server.",
    },
  ),
  {
    tutorial: {
      summary: 'As the tutorial server spells it',
      value: { uid: 1001, ChannelName: 'demo-room', role: 1 },
    },
    webClient: {
      summary: "As Agora's tutorial web client sends it (a subscriber)",
      value: { uid: 1001, channelName: 'demo-room', role: 2 },
    },
  },
);
export type FetchRtcTokenDto = Static<typeof FetchRtcTokenDto.schema>;

/** The community token server (AgoraIO-Community/agora-token-service, `TokenRequest`). */
export const GetTokenDto = schemaDto(
  'GetTokenDto',
  Strict(
    {
      tokenType: Enum(['rtc', 'rtm', 'chat'] as const, {
        description: '`rtc`, `rtm` or `chat`.',
        example: 'rtc',
      }),
      channel: Type.Optional(
        ChannelName({
          description:
            'rtc: the channel (required). rtm: an optional stream channel, which adds RTC join and publishDataStream for the user id (as that server does; needs `rtc:publish`). chat: ignored.',
        }),
      ),
      role: Type.Optional(
        Enum(RTC_ROLES, {
          description:
            "rtc only: `publisher` (needs `rtc:publish`) or `subscriber` (the default, as that server's).",
        }),
      ),
      uid: Type.Optional(
        CompatUid({
          description:
            'A string, as that server takes it. rtc: canonical decimal 0..4294967295 is a numeric uid, anything else a user account. rtm: the user id (required). chat: the user id; omitted or "" makes the app token (needs `chat:app`).',
          example: '1001',
        }),
      ),
      expire: Type.Optional(
        Type.Integer({
          minimum: 0,
          description:
            "Token lifetime in seconds; omitted or 0 means `TOKEN_DEFAULT_TTL_SECONDS` (as that server's 0).",
          example: 3600,
        }),
      ),
    },
    {
      anyOf: [
        { properties: { tokenType: { enum: ['rtc'] } }, required: ['channel', 'uid'] },
        { properties: { tokenType: { enum: ['rtm'] } }, required: ['uid'] },
        { properties: { tokenType: { enum: ['chat'] } } },
      ],
      description: 'The body of the community token server.',
    },
  ),
  {
    rtc: {
      summary: 'An RTC token for a numeric uid',
      value: {
        tokenType: 'rtc',
        channel: 'demo-room',
        role: 'publisher',
        uid: '1001',
        expire: 3600,
      },
    },
    rtm: { summary: 'An RTM token', value: { tokenType: 'rtm', uid: 'alice', expire: 3600 } },
    chat: { summary: 'A Chat user token', value: { tokenType: 'chat', uid: 'alice' } },
  },
);
export type GetTokenDto = Static<typeof GetTokenDto.schema>;
/**
 * The tutorial server's answer: the token and `code`, the HTTP status as text (its server.go writes
 * `strconv.Itoa(httpStatusCode)`), so `"200"`.
 */
export class FetchRtcTokenResponseDto {
  /** An Agora 007 RTC token. */
  token!: string;
  /**
   * Always `"200"` on success, as the tutorial server sends it.
   * @example "200"
   */
  code!: string;
}
/** The community server's answer. */
export class GetTokenResponseDto {
  /** An Agora 007 token. */
  token!: string;
}
