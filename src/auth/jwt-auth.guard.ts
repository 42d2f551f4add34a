import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { RouteFlag } from '../common/route-flag';
import { AuthFailures } from './auth-failures';
import { AuthRejection } from './auth-rejection';
import { JwksUnavailableError } from './jwks-client';
import { bearerToken } from './jwt.strategy';
import { IS_PUBLIC_KEY } from './public.decorator';

/**
 * Global guard: every route needs a valid caller JWT unless marked `@Public()`. `canActivate` is
 * the whole verification (key lookup, signature, claims). Every refusal is the same 401, except an
 * unreachable JWKS, which is a 503; `AuthFailures` counts and logs each with its reason code.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  private readonly isPublic: RouteFlag;

  constructor(
    reflector: Reflector,
    private readonly failures: AuthFailures,
  ) {
    super();
    this.isPublic = new RouteFlag(reflector, IS_PUBLIC_KEY);
  }

  override canActivate(context: ExecutionContext) {
    return this.isPublic.isSet(context) || super.canActivate(context);
  }

  /**
   * passport's verdict. `error` comes from validate() (our AuthRejection, or a bug: a 500);
   * `info` from the key provider (AuthRejection, JwksUnavailableError), from jsonwebtoken (which
   * only checks the signature, everything else having been checked before or after it), or from
   * passport-jwt when the request has no bearer token.
   */
  override handleRequest<TUser>(
    error: unknown,
    user: unknown,
    info: unknown,
    context?: ExecutionContext,
  ): TUser {
    if (!error && user) {
      return user as TUser;
    }
    const request = context?.switchToHttp().getRequest<FastifyRequest>();
    if (error && !(error instanceof AuthRejection)) {
      throw error instanceof Error ? error : new Error('authentication failed unexpectedly');
    }
    const cause = error ?? info;
    if (cause instanceof JwksUnavailableError) {
      throw this.failures.keysUnavailable(cause.retryAfterSeconds, request);
    }
    throw this.failures.unauthorized(rejectionOf(cause, request), request);
  }
}

function rejectionOf(cause: unknown, request: FastifyRequest | undefined): AuthRejection {
  if (cause instanceof AuthRejection) {
    return cause;
  }
  if (!request || bearerToken(request) === null) {
    return new AuthRejection('MISSING_TOKEN', 'no Authorization: Bearer token');
  }
  return new AuthRejection('BAD_SIGNATURE', 'signature does not verify with the key');
}
