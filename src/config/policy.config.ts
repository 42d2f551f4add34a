import { type ChannelTemplate, isValidClaimName, parseChannelTemplate } from './channel-template';
import { boolean, check, configNamespace, integer, splitList } from './env.validation';

const TOKEN_TTL_HARD_CAP_SECONDS = 86_400;
const TOKEN_TTL_DEFAULT_SECONDS = 3600;

/** Names of the JWT claims the session is built from. */
export interface ClaimNames {
  /** Integer 1..2^32-1 the caller may act as. */
  readonly uid: string;
  /** Agora user account the caller may act as, else `sub`. */
  readonly account: string;
  /** Array of exact channel names or `prefix*` patterns. */
  readonly channels: string;
  /** The value `service` marks a service session; anything else is a user. */
  readonly kind: string;
}

export interface PolicyConfig {
  readonly claims: ClaimNames;
  /** Grants built from claims, e.g. `user-{sub}`; parsed at boot. */
  readonly channelTemplates: readonly ChannelTemplate[];
  readonly tokenDefaultTtlSeconds: number;
  readonly tokenMaxTtlSeconds: number;
  /** No Agora token outlives the caller JWT's `exp`. */
  readonly tokenExpiryBoundByJwt: boolean;
}

const CLAIM_NAME = check(
  'must be a claim name: 1-256 printable characters without spaces, braces, commas or "*"',
  isValidClaimName,
);

const TTL = integer(60, TOKEN_TTL_HARD_CAP_SECONDS);

export const policyConfig = configNamespace('policy', (env): PolicyConfig => {
  const claims = {
    uid: env.get('CLAIM_UID', CLAIM_NAME) ?? 'agora_uid',
    account: env.get('CLAIM_ACCOUNT', CLAIM_NAME) ?? 'agora_account',
    channels: env.get('CLAIM_CHANNELS', CLAIM_NAME) ?? 'agora_channels',
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
    tokenExpiryBoundByJwt: env.get('TOKEN_EXPIRY_BOUND_BY_JWT', boolean) !== 'false',
  };
});
