import { createSecretKey, type KeyObject } from 'node:crypto';
import { sign } from 'jsonwebtoken';

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

/** Mints an HS256 caller JWT for development (the dev banner, `agora-token dev-jwt`). */
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
