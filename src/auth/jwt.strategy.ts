import { Inject, Injectable } from '@nestjs/common';
import type { Algorithm } from 'jsonwebtoken';
import type { ConfigType } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { type SecretOrKeyProvider, Strategy } from 'passport-jwt';
import { authConfig } from '../config/auth.config';
import { policyConfig } from '../config/policy.config';
import type { AppSession } from './app-session';
import { checkCallerJwt, sessionFromClaims } from './caller-claims';
import { CallerKeys } from './caller-keys';

/** `Authorization: Bearer <token>` only: no query, body or cookie tokens. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

export function bearerToken(request: { headers: Record<string, unknown> }): string | null {
  const header = request.headers.authorization;
  return typeof header === 'string' ? (BEARER.exec(header)?.[1] ?? null) : null;
}

/** passport-jwt as documented: CallerKeys gives the key, validate() checks claims (README). */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(authConfig.KEY) private readonly auth: ConfigType<typeof authConfig>,
    @Inject(policyConfig.KEY) private readonly policy: ConfigType<typeof policyConfig>,
    keys: CallerKeys,
  ) {
    super({
      jwtFromRequest: bearerToken,
      // Hands over KeyObjects (jsonwebtoken takes them; the typings only list string | Buffer).
      secretOrKeyProvider: keys.provide as unknown as SecretOrKeyProvider,
      algorithms: [...auth.algorithms] as Algorithm[],
      // Claims are checked once, in validate(), each refusal with its own reason code (and
      // jsonwebtoken would let a token without exp through); complete: validate() sees the header.
      ignoreExpiration: true,
      jsonWebTokenOptions: { ignoreNotBefore: true, complete: true },
    });
  }

  /** Called with the verified `{ header, payload }`; throws `AuthRejection` to refuse. */
  validate(decoded: unknown): AppSession {
    const claims = checkCallerJwt(decoded, this.auth, Math.floor(Date.now() / 1000));
    return sessionFromClaims(claims, this.policy);
  }
}
