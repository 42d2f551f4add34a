import type { ConfigType } from '@nestjs/config';
import { type ChannelTemplate, isValidClaimName, parseChannelTemplate } from './channel-template';
import { boolean, check, configNamespace, integer, splitList } from './env.validation';

const TOKEN_TTL_DEFAULT_SECONDS = 3600;
/** Agora token lifetimes above one day are a boot error. */
const TTL = integer(60, 86_400);

const CLAIM_NAME = check(
  'must be a claim name: 1-256 printable characters without spaces, braces, commas or "*"',
  isValidClaimName,
);

export const policyConfig = configNamespace('policy', (env) => {
  const claims = {
    uid: env.get('CLAIM_UID', CLAIM_NAME) ?? 'agora_uid',
    account: env.get('CLAIM_ACCOUNT', CLAIM_NAME) ?? 'agora_account',
    channels: env.get('CLAIM_CHANNELS', CLAIM_NAME) ?? 'agora_channels',
    /** The value `service` marks a service session; anything else is a user. */
    kind: env.get('CLAIM_KIND', CLAIM_NAME) ?? 'agora_kind',
  };
  const max = env.get('TOKEN_MAX_TTL_SECONDS', TTL) ?? TOKEN_TTL_DEFAULT_SECONDS;
  const configuredDefault = env.get('TOKEN_DEFAULT_TTL_SECONDS', TTL);
  if ((configuredDefault ?? 0) > max && env.valid('TOKEN_MAX_TTL_SECONDS')) {
    env.issue('TOKEN_DEFAULT_TTL_SECONDS', 'must not exceed TOKEN_MAX_TTL_SECONDS');
  }
  const channelTemplates: ChannelTemplate[] = [];
  env.get('CHANNEL_TEMPLATES', { message: '', parse: splitList })?.forEach((item, index) => {
    const parsed = parseChannelTemplate(item);
    if (typeof parsed === 'string') {
      env.issue('CHANNEL_TEMPLATES', `item ${index + 1} has ${parsed}`);
    } else {
      channelTemplates.push(parsed);
    }
  });
  return {
    claims,
    channelTemplates,
    // The default follows a lower maximum rather than failing validation.
    tokenDefaultTtlSeconds: configuredDefault ?? Math.min(TOKEN_TTL_DEFAULT_SECONDS, max),
    tokenMaxTtlSeconds: max,
    /** No Agora token outlives the caller JWT's `exp`. */
    tokenExpiryBoundByJwt: env.get('TOKEN_EXPIRY_BOUND_BY_JWT', boolean) !== 'false',
  };
});

export type PolicyConfig = ConfigType<typeof policyConfig>;
export type ClaimNames = PolicyConfig['claims'];
