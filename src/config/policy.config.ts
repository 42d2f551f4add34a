import { type ChannelTemplate, isValidClaimName, parseChannelTemplate } from './channel-template';
import { configNamespace } from './config-namespace';
import { type EnvReader, integer, type Rule, splitList } from './env.validation';

/** Agora token lifetimes above one day are a boot error. */
export const TOKEN_TTL_HARD_CAP_SECONDS = 86_400;

/** Default and maximum Agora token lifetime unless configured. */
export const TOKEN_TTL_DEFAULT_SECONDS = 3600;

/** Names of the JWT claims the session is built from. */
export interface ClaimNames {
  /** `CLAIM_UID`: integer 1..2^32-1 the caller may act as. Default `agora_uid`. */
  readonly uid: string;
  /** `CLAIM_ACCOUNT`: Agora user account the caller may act as, else `sub`. Default `agora_account`. */
  readonly account: string;
  /** `CLAIM_CHANNELS`: array of exact channel names or `prefix*` patterns. Default `agora_channels`. */
  readonly channels: string;
  /** `CLAIM_KIND`: the value `service` marks a service session; anything else is a user. Default `agora_kind`. */
  readonly kind: string;
}

export interface PolicyConfig {
  readonly claims: ClaimNames;
  /** `CHANNEL_TEMPLATES`: grants built from claims, e.g. `user-{sub}`; parsed at boot. Default none. */
  readonly channelTemplates: readonly ChannelTemplate[];
  /** `TOKEN_DEFAULT_TTL_SECONDS`: Agora token lifetime when a request names none. Default 3600. */
  readonly tokenDefaultTtlSeconds: number;
  /** `TOKEN_MAX_TTL_SECONDS`: longest Agora token lifetime (hard cap 86400). Default 3600. */
  readonly tokenMaxTtlSeconds: number;
}

const CLAIM_NAME: Rule<string> = {
  message: 'must be a claim name: 1-256 printable characters without spaces, braces, commas or "*"',
  parse: (text) => (isValidClaimName(text) ? text : undefined),
};

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
  if (
    configuredDefault !== undefined &&
    configuredDefault > max &&
    env.valid('TOKEN_MAX_TTL_SECONDS')
  ) {
    env.issue('TOKEN_DEFAULT_TTL_SECONDS', 'must not exceed TOKEN_MAX_TTL_SECONDS');
  }
  return {
    claims,
    channelTemplates: channelTemplates(env),
    // The default follows a lower maximum rather than failing validation.
    tokenDefaultTtlSeconds: configuredDefault ?? Math.min(TOKEN_TTL_DEFAULT_SECONDS, max),
    tokenMaxTtlSeconds: max,
  };
});

function channelTemplates(env: EnvReader): ChannelTemplate[] {
  const source = env.get('CHANNEL_TEMPLATES', { message: '', parse: splitList });
  const templates: ChannelTemplate[] = [];
  source?.forEach((item, index) => {
    const parsed = parseChannelTemplate(item);
    if (typeof parsed === 'string') {
      env.issue('CHANNEL_TEMPLATES', `item ${index + 1} has ${parsed}`);
    } else {
      templates.push(parsed);
    }
  });
  return templates;
}
