import { type ChannelTemplate, parseChannelTemplate } from './channel-template';
import { configNamespace, intOr } from './config-namespace';
import { splitList } from './env-validators';
import { TOKEN_TTL_DEFAULT_SECONDS } from './limits';

/** Names of the JWT claims the session is built from (design §4). */
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

export const policyConfig = configNamespace('policy', ({ vars }): PolicyConfig => {
  const max = intOr(vars.TOKEN_MAX_TTL_SECONDS, TOKEN_TTL_DEFAULT_SECONDS);
  return {
    claims: {
      uid: vars.CLAIM_UID ?? 'agora_uid',
      account: vars.CLAIM_ACCOUNT ?? 'agora_account',
      channels: vars.CLAIM_CHANNELS ?? 'agora_channels',
      kind: vars.CLAIM_KIND ?? 'agora_kind',
    },
    channelTemplates:
      vars.CHANNEL_TEMPLATES === undefined
        ? []
        : splitList(vars.CHANNEL_TEMPLATES).map(
            (item) => parseChannelTemplate(item) as ChannelTemplate,
          ),
    tokenDefaultTtlSeconds: intOr(
      vars.TOKEN_DEFAULT_TTL_SECONDS,
      Math.min(TOKEN_TTL_DEFAULT_SECONDS, max),
    ),
    tokenMaxTtlSeconds: max,
  };
});
