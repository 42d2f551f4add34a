import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { RouteFlag } from '../common/route-flag';
import { inSpan } from '../tracing/in-span';
import { AuthFailures } from './auth-failures';
import { AuthRejection } from './auth-rejection';
import { IS_PUBLIC_KEY } from './public.decorator';

/** Global guard: every route needs a valid caller JWT unless marked `@Public()`. */
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
    return (
      this.isPublic.isSet(context) || inSpan('auth.jwt.verify', () => super.canActivate(context))
    );
  }

  /** `error` is from validate(): an AuthRejection, or a bug (a 500); `info` from passport-jwt. */
  override handleRequest<TUser>(
    error: unknown,
    user: unknown,
    info: unknown,
    context?: ExecutionContext,
  ): TUser {
    if (!error && user) {
      return user as TUser;
    }
    if (error && !(error instanceof AuthRejection)) {
      throw error instanceof Error ? error : new Error('authentication failed unexpectedly');
    }
    throw this.failures.reject(error ?? info, context?.switchToHttp().getRequest<FastifyRequest>());
  }
}
