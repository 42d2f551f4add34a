import { createSecretKey, type KeyObject } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import type { ClaimNames } from '../config/policy.config';
import { SCOPES } from './app-session';

export interface DevJwtOptions {
  /** The HS256 secret the service verifies with (`AUTH_JWT_SECRET` or the generated one). */
  readonly secret: KeyObject | string;
  readonly issuer: string;
  readonly audience: string;
  /** Extra claims; `sub` defaults to `dev-user`. `iss`, `aud`, `iat`, `exp` are always set here. */
  readonly claims?: Readonly<Record<string, unknown>>;
  readonly ttlSeconds: number;
  /** Issue time, unix seconds; default now. */
  readonly nowSeconds?: number;
}

export const DEV_SUBJECT = 'dev-user';

/**
 * Who the development caller is, designed together with the Swagger examples
 * (src/tokens/dto/*.dto.ts) so that each of them succeeds as shown: uid 1001 and account
 * `alice` (RTC by uid or account, RTM and Chat user ids), the `demo-*` channels, and the scopes
 * the examples need: publishing, inspecting, RTM2 permissions and the Chat app token. No
 * wildcard and no `tokens:issue-any`: those stay with service sessions, as in production.
 */
export const DEV_CALLER = {
  uid: 1001,
  account: 'alice',
  channels: ['demo-*'],
  scopes: [SCOPES.rtcPublish, SCOPES.inspect, SCOPES.rtmPermissions, SCOPES.chatApp],
} as const;

/** The development caller's claims under the configured claim names (`CLAIM_*`, default shown). */
export function devClaims(
  names: Pick<ClaimNames, 'uid' | 'account' | 'channels'> = {
    uid: 'agora_uid',
    account: 'agora_account',
    channels: 'agora_channels',
  },
): Record<string, unknown> {
  return {
    sub: DEV_SUBJECT,
    [names.uid]: DEV_CALLER.uid,
    [names.account]: DEV_CALLER.account,
    [names.channels]: [...DEV_CALLER.channels],
    scope: DEV_CALLER.scopes.join(' '),
  };
}

/** Mints an HS256 caller JWT for development (the dev banner, `agora-token-authority dev-jwt`). */
export function mintDevJwt(options: DevJwtOptions): string {
  const iat = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const payload = {
    sub: DEV_SUBJECT,
    ...options.claims,
    iss: options.issuer,
    aud: options.audience,
    iat,
    exp: iat + options.ttlSeconds,
  };
  const key =
    typeof options.secret === 'string'
      ? createSecretKey(Buffer.from(options.secret, 'utf8'))
      : options.secret;
  return sign(payload, key, { algorithm: 'HS256' });
}
