import { createSecretKey, type KeyObject } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import type { ClaimNames } from '../config/policy.config';
import { SCOPES } from './app-session';

export interface DevJwtOptions {
  readonly secret: KeyObject | string; // `AUTH_JWT_SECRET` or the generated one
  readonly issuer: string;
  readonly audience: string;
  /** Extra claims; `sub` defaults to `dev-user`. `iss`, `aud`, `iat`, `exp` are always set here. */
  readonly claims?: Readonly<Record<string, unknown>>;
  readonly ttlSeconds: number;
  readonly nowSeconds?: number; // issue time, default now
}

export const DEV_SUBJECT = 'dev-user';

/** Fits the Swagger examples (src/tokens/dto/); no wildcard or issue-any, as in production. */
export const DEV_CALLER = {
  uid: 1001,
  account: 'alice',
  channels: ['demo-*'],
  scopes: [SCOPES.rtcPublish, SCOPES.inspect, SCOPES.rtmPermissions, SCOPES.chatApp],
} as const;

type DevClaimNames = Pick<ClaimNames, 'uid' | 'account' | 'channels'>;
const DEFAULT_NAMES = { uid: 'agora_uid', account: 'agora_account', channels: 'agora_channels' };

/** The development caller's claims under the configured claim names (`CLAIM_*`, default shown). */
export function devClaims(names: DevClaimNames = DEFAULT_NAMES): Record<string, unknown> {
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
  const { issuer: iss, audience: aud, secret } = options;
  const iat = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const exp = iat + options.ttlSeconds;
  const key = typeof secret === 'string' ? createSecretKey(secret, 'utf8') : secret;
  return sign({ sub: DEV_SUBJECT, ...options.claims, iss, aud, iat, exp }, key, {
    algorithm: 'HS256',
  });
}
