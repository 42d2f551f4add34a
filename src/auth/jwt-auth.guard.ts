import { type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ApiException, unauthenticated } from '../common/api-error';
import { RouteFlag } from '../common/route-flag';
import { AuthRejection } from './auth-rejection';
import { JwksUnavailableError } from './jwks-client';
import { IS_PUBLIC_KEY } from './public.decorator';

/** jsonwebtoken's errors carry fixed messages (no token material), fine for the log. */
const LIBRARY_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * Global guard: every route needs a valid caller JWT unless marked `@Public()`. Every refusal is
 * the same 401 (the reason goes to the log), except an unreachable JWKS, which is a 503.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  private readonly logger = new Logger('Auth');
  private readonly isPublic: RouteFlag;

  constructor(reflector: Reflector) {
    super();
    this.isPublic = new RouteFlag(reflector, IS_PUBLIC_KEY);
  }

  override canActivate(context: ExecutionContext) {
    return this.isPublic.isSet(context) || super.canActivate(context);
  }

  override handleRequest<TUser>(
    error: unknown,
    user: unknown,
    info: unknown,
    context?: ExecutionContext,
  ): TUser {
    if (!error && user) {
      return user as TUser;
    }
    const cause = error ?? info;
    if (cause instanceof JwksUnavailableError) {
      this.logger.warn('503: JWKS unreachable and the token names an unknown key');
      throw new ApiException(
        503,
        'AUTH_KEYS_UNAVAILABLE',
        'caller signing keys are temporarily unavailable',
        {
          'Retry-After': String(cause.retryAfterSeconds),
        },
      );
    }
    if (error && !(error instanceof AuthRejection)) {
      // A failure of ours (not a bad token): let the filter answer 500 and log it.
      throw error instanceof Error ? error : new Error('authentication failed unexpectedly');
    }
    // Debug, not info: refusals are what a flood of bad tokens is made of, and one info line each
    // would let any client fill the logs. Operators count them in ata_http_request_duration_seconds
    // (status_code="401") and turn on LOG_LEVEL=debug to see why.
    this.logger.debug({ msg: `401: ${reasonOf(cause)}`, requestId: requestIdOf(context) });
    throw unauthenticated();
  }
}

function requestIdOf(context: ExecutionContext | undefined): unknown {
  return context?.switchToHttp().getRequest<{ id?: unknown }>().id;
}

function reasonOf(cause: unknown): string {
  if (
    cause instanceof AuthRejection ||
    (cause instanceof Error && LIBRARY_ERRORS.has(cause.name))
  ) {
    return cause.message;
  }
  if (cause instanceof Error && cause.message === 'No auth token') {
    return 'no bearer token';
  }
  return cause instanceof Error ? cause.name : 'unknown';
}
