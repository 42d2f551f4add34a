import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { PROJECT_NAME } from '../../config/agora-project';
import {
  IsByteLength,
  IsInt,
  IsString,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';

/**
 * Agora's channel-name character set, transcribed from the Video SDK API reference
 * (https://api-ref.agora.io/en/video-sdk/android/4.x/API/api_irtcengine_joinchannel2.html,
 * `channelId`: "less than 64 bytes", "89 characters in total"): a-z, A-Z, 0-9, space and
 * ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,
 * The same set applies to RTC user accounts (https://docs.agora.io/en/Audio%20Broadcast/string_android,
 * "maximum string length of the user account is 255 bytes") and RTM user ids (RTM `login`:
 * "less than 64 bytes", same scope). Anything else, including `*`, `/`, `'`, `"`, `\`, control
 * characters and non-ASCII text, is refused: Agora's SDKs would refuse it too.
 */
export const CHANNEL_NAME_PATTERN = /^[a-zA-Z0-9 !#$%&()+\-:;<=.>?@[\]^_{}|~,]+$/;

/**
 * The wildcard user or channel of design §4 (`"*"`): outside the charset, it passes validation
 * only so that the policy can judge it (`WILDCARD_NOT_ALLOWED` without `tokens:wildcard`).
 */
export const WILDCARD = '*';

/** A channel name or the wildcard: the charset, or exactly `*`. */
const CHANNEL_OR_WILDCARD = new RegExp(`${CHANNEL_NAME_PATTERN.source}|^\\*$`);
/** Zero or more charset characters (APaaS uuids, where "" means "none"). */
const CHARSET_OR_EMPTY = new RegExp(`${CHANNEL_NAME_PATTERN.source}|^$`);

/** Channel names are "less than 64 bytes" (joinChannel). */
export const CHANNEL_MAX_BYTES = 63;
/** User accounts: "maximum ... 255 bytes". */
export const ACCOUNT_MAX_BYTES = 255;
/** RTM (and, by our choice, Chat) user ids: "less than 64 bytes". */
export const USER_ID_MAX_BYTES = 63;
/** Largest Agora uid (unsigned 32-bit); 0 is the wildcard the policy judges. */
export const MAX_UID = 4_294_967_295;

/** Strings are never trimmed or normalised: what passes here is exactly what gets signed. */
function agoraName(maxBytes: number, pattern: RegExp, wildcard: boolean, minBytes = 1) {
  const rule = wildcard ? `Agora's character set (or exactly "*")` : `Agora's character set`;
  return applyDecorators(
    IsString(),
    IsByteLength(minBytes, maxBytes, {
      message: ({ property }) => `${property} must be ${minBytes} to ${maxBytes} UTF-8 bytes`,
    }),
    Matches(pattern, { message: ({ property }) => `${property} must use only ${rule}` }),
    ApiProperty({ minLength: minBytes, maxLength: maxBytes, pattern: pattern.source }),
  );
}

/** A channel name: 1..63 bytes of Agora's charset, or `*` (judged by the policy). */
export const IsChannelName = () => agoraName(CHANNEL_MAX_BYTES, CHANNEL_OR_WILDCARD, true);

/** An RTC user account: 1..255 bytes of Agora's charset, or `*` (judged by the policy). */
export const IsAccount = () => agoraName(ACCOUNT_MAX_BYTES, CHANNEL_OR_WILDCARD, true);

/** An RTM or Chat user id: 1..63 bytes of Agora's charset, or `*` (judged by the policy). */
export const IsUserId = () => agoraName(USER_ID_MAX_BYTES, CHANNEL_OR_WILDCARD, true);

/** An APaaS room or user uuid: 0..63 bytes of Agora's charset; "" means none. */
export const IsOptionalUuid = () => agoraName(USER_ID_MAX_BYTES, CHARSET_OR_EMPTY, false, 0);

/** A configured project's name (`AGORA_PROJECTS_FILE`; `default` for the single project). */
export const IsProjectName = () =>
  applyDecorators(
    IsString(),
    Matches(PROJECT_NAME, {
      message: ({ property }) => `${property} must be a project name (letters, digits, . _ -)`,
    }),
    ApiProperty({ pattern: PROJECT_NAME.source, example: 'default' }),
  );

/**
 * The `uid` text of the community server's `/getToken`: a uid, an account or a user id, so the
 * account rules apply (1..255 bytes of the charset, or `*`); "" is allowed for a Chat app token.
 */
export const IsCompatUid = () =>
  agoraName(ACCOUNT_MAX_BYTES, new RegExp(`${CHANNEL_OR_WILDCARD.source}|^$`), true, 0);

/** A uid: an integer 0..2^32-1, never a numeric string (0 is the wildcard the policy judges). */
export const IsUid = () =>
  applyDecorators(
    IsInt(),
    Min(0),
    Max(MAX_UID),
    ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_UID }),
  );

/** A lifetime in seconds: an integer of at least 1; the upper bound is the policy's (`TTL_TOO_LONG`). */
export const IsSeconds = () =>
  applyDecorators(IsInt(), Min(1), ApiProperty({ type: 'integer', minimum: 1 }));

/**
 * Optional, but `null` is not "absent": class-validator's `@IsOptional()` would skip `null`, and
 * a `null` must fail like any other wrong type (design §5: `null` is never a value).
 */
export const IsOptionalNotNull = () => ValidateIf((_object, value) => value !== undefined);

/**
 * The `uid` of a uid-or-account pair: validated unless only `account` is given, and fails when
 * both or neither are present (class-validator has no class-level rules, so the pair is checked
 * on this property).
 */
export const IsUidOrAccount = () =>
  applyDecorators(
    ValidateIf(
      (o: { uid?: unknown; account?: unknown }) => o.account === undefined || o.uid !== undefined,
    ),
    IsExclusiveWith('account'),
    IsUid(),
  );

/** The `account` of a uid-or-account pair. */
export const IsAccountOrUid = () => applyDecorators(IsOptionalNotNull(), IsAccount());

/** Fails unless exactly one of this property and `other` is present. */
export function IsExclusiveWith(other: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isExclusiveWith',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [other],
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          (value === undefined) !== ((args.object as Record<string, unknown>)[other] === undefined),
        defaultMessage: (args: ValidationArguments) =>
          `exactly one of ${args.property} and ${other} is required`,
      },
    });
}

/** Fails when the property is present and `absent(object)` says it must not be. */
export function IsAbsentIf(
  absent: (object: object) => boolean,
  message: string,
): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isAbsentIf',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message },
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          value === undefined || !absent(args.object),
      },
    });
}

/** An empty JSON object `{}` (services that carry no fields: fpa, convoai, stt). */
export function IsEmptyObject(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isEmptyObject',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: ({ property }) => `${property} must be an empty object {}` },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length === 0,
      },
    });
}
