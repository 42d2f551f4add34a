import {
  type ObjectOptions,
  type SchemaOptions,
  type TProperties,
  Type,
  type TUnsafe,
} from '@sinclair/typebox';
import { UINT32_MAX } from '../../agora-token';
import { PROJECT_NAME } from '../../config/projects-file';

/**
 * Agora's channel-name character set, transcribed from the Video SDK API reference
 * (https://api-ref.agora.io/en/video-sdk/android/4.x/API/api_irtcengine_joinchannel2.html,
 * `channelId`: "less than 64 bytes", "89 characters in total"): a-z, A-Z, 0-9, space and
 * ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,
 * The same set applies to RTC user accounts (https://docs.agora.io/en/Audio%20Broadcast/string_android,
 * "maximum string length of the user account is 255 bytes") and RTM user ids (RTM `login`:
 * "less than 64 bytes", same scope). Anything else, including `*`, `/`, `'`, `"`, `\`, control
 * characters, lone surrogates and non-ASCII text, is refused: Agora's SDKs would refuse it too.
 * Every character of the set is one UTF-8 byte, so the length bounds below are byte bounds.
 */
export const CHANNEL_NAME_PATTERN = /^[a-zA-Z0-9 !#$%&()+\-:;<=.>?@[\]^_{}|~,]+$/;

/** A channel name or the wildcard `*` (outside the charset: the policy judges it). */
const CHANNEL_OR_WILDCARD = `${CHANNEL_NAME_PATTERN.source}|^\\*$`;
const CHARSET = "Agora's character set";
const CHARSET_OR_WILDCARD = `${CHARSET} (or exactly "*")`;

/** Byte bounds: channel names and RTM user ids "less than 64 bytes", user accounts 255 bytes. */
const CHANNEL_MAX_BYTES = 63;
const ACCOUNT_MAX_BYTES = 255;
export const USER_ID_MAX_BYTES = 63;
/** Largest Agora uid (unsigned 32-bit); 0 is the wildcard the policy judges. */
export const MAX_UID = UINT32_MAX;

/** Strings are never trimmed or normalised: what passes here is exactly what gets signed. */
function agoraName(maxLength: number, pattern: string, charset: string, options: SchemaOptions) {
  return Type.String({ minLength: 1, maxLength, pattern, 'x-charset': charset, ...options });
}

export const ChannelName = (options: SchemaOptions = {}) =>
  agoraName(CHANNEL_MAX_BYTES, CHANNEL_OR_WILDCARD, CHARSET_OR_WILDCARD, {
    description: 'Channel name, exactly as the SDK joins it (never trimmed or normalised).',
    example: 'demo-room',
    ...options,
  });

export const Account = (options: SchemaOptions = {}) =>
  agoraName(ACCOUNT_MAX_BYTES, CHANNEL_OR_WILDCARD, CHARSET_OR_WILDCARD, {
    description: 'String user account (not all digits). Exactly one of `uid` and `account`.',
    example: 'alice',
    ...options,
  });

/** An RTM or Chat user id. */
export const UserId = (options: SchemaOptions = {}) =>
  agoraName(USER_ID_MAX_BYTES, CHANNEL_OR_WILDCARD, CHARSET_OR_WILDCARD, {
    example: 'alice',
    ...options,
  });

/** An APaaS room or user uuid; "" means none. */
export const OptionalUuid = (options: SchemaOptions) =>
  Type.String({
    maxLength: USER_ID_MAX_BYTES,
    pattern: `${CHANNEL_NAME_PATTERN.source}|^$`,
    'x-charset': CHARSET,
    ...options,
  });

/** The `uid` text of the community server's `/getToken`: account rules, or "" (a Chat app token). */
export const CompatUid = (options: SchemaOptions) =>
  Type.String({
    maxLength: ACCOUNT_MAX_BYTES,
    pattern: `${CHANNEL_OR_WILDCARD}|^$`,
    'x-charset': CHARSET_OR_WILDCARD,
    ...options,
  });

/** A uid: an integer 0..2^32-1, never a numeric string (0 is the wildcard the policy judges). */
export const Uid = (options: SchemaOptions = {}) =>
  Type.Integer({
    minimum: 0,
    maximum: MAX_UID,
    description: 'Numeric Agora uid (0 = any user). Exactly one of `uid` and `account`.',
    example: 1001,
    ...options,
  });

/** A lifetime in seconds: an integer of at least 1; the upper bound is the policy's (`TTL_TOO_LONG`). */
export const Seconds = (description: string) =>
  Type.Integer({ minimum: 1, description, example: 3600 });

/** A configured project's name (`AGORA_PROJECTS_FILE`; `default` for the single project). */
const ProjectName = () =>
  Type.String({
    pattern: PROJECT_NAME.source,
    'x-charset': 'letters, digits, . _ - (a project name)',
    description: 'Configured Agora project to sign for; defaults to the default project.',
    example: 'default',
  });

/** A string or integer enum as OpenAPI 3.0 spells it (`enum`, no `const`). */
export const Enum = <T extends string | number>(
  values: readonly T[],
  options: SchemaOptions = {},
) =>
  Type.Unsafe<T>({
    type: typeof values[0] === 'number' ? 'integer' : 'string',
    enum: [...values],
    ...options,
  });

export const RTC_ROLES = ['publisher', 'subscriber'] as const;
export const Role = (description: string): TUnsafe<(typeof RTC_ROLES)[number]> =>
  Enum(RTC_ROLES, { description, example: 'publisher' });

/** A closed object: unknown fields are refused, each by name. */
export const Strict = <P extends TProperties>(properties: P, options: ObjectOptions = {}) =>
  Type.Object(properties, { additionalProperties: false, ...options });

/** A channel-bound service or body: a channel and exactly one user, by uid or account. */
export const ChannelUser = <P extends TProperties>(properties: P, options: ObjectOptions) =>
  Strict(
    {
      channel: ChannelName(),
      uid: Type.Optional(Uid()),
      account: Type.Optional(Account()),
      ...properties,
    },
    { oneOf: [{ required: ['uid'] }, { required: ['account'] }], ...options },
  );

/** The token lifetime and the project, shared by every issuance body. */
export const lifetimeAndProject = () => ({
  ttlSeconds: Type.Optional(
    Seconds(
      'Token lifetime in seconds; defaults to `TOKEN_DEFAULT_TTL_SECONDS`, at most `TOKEN_MAX_TTL_SECONDS`.',
    ),
  ),
  project: Type.Optional(ProjectName()),
});
