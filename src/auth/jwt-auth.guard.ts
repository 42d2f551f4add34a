import { type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ApiException, unauthenticated } from '../common/api-error';
import { clientIp } from '../common/client-ip';
import { RouteFlag } from '../common/route-flag';
import { appConfig } from '../config/app.config';
import { throttleConfig } from '../config/throttle.config';
import { ROOT_LOGGER } from '../logging/logging.module';
import { MetricsService } from '../metrics/metrics.service';
import { inSpan } from '../tracing/in-span';
import { AUTH_FAILURE_REASONS, AuthRejection } from './auth-rejection';
import { JwksUnavailableError } from './jwks-client';
import { bearerToken } from './jwt.strategy';
import { IS_PUBLIC_KEY } from './public.decorator';

/** RFC 6750 §3: `error_description` is printable ASCII without `"` and `\`. */
const NOT_DESCRIPTION_CHAR = /[^\x20\x21\x23-\x5b\x5d-\x7e]/g;

/** Every route needs a caller JWT unless `@Public()`; refusals as README, Authentication says. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  private readonly isPublic: RouteFlag;
  private readonly log: Logger;
  /** At most 5 lines a minute per client and 100 clients a minute, however large the flood. */
  private readonly sampler = new LogSampler(60_000, 5, 100);

  constructor(
    reflector: Reflector,
    @Inject(ROOT_LOGGER) root: Logger,
    private readonly metrics: MetricsService,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    @Inject(throttleConfig.KEY) private readonly throttle: ConfigType<typeof throttleConfig>,
  ) {
    super();
    this.isPublic = new RouteFlag(reflector, IS_PUBLIC_KEY);
    this.log = root.child({ context: 'Auth' });
    AUTH_FAILURE_REASONS.forEach((reason) => metrics.authFailed(reason, 0));
  }

  override canActivate(context: ExecutionContext) {
    return (
      this.isPublic.isSet(context) || inSpan('auth.jwt.verify', () => super.canActivate(context))
    );
  }

  // error: validate()'s AuthRejection or a bug (a 500); info: the key provider's, passport-jwt's
  // (no token) or jsonwebtoken's (the signature: all else is refused before).
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
    const cause = error ?? info;
    const request = context?.switchToHttp().getRequest<FastifyRequest>();
    if (cause instanceof JwksUnavailableError) {
      this.record(new AuthRejection('KEYS_UNAVAILABLE', cause.message), request);
      const retryAfter = { 'Retry-After': String(cause.retryAfterSeconds) };
      throw new ApiException(503, 'AUTH_KEYS_UNAVAILABLE', cause.message, retryAfter);
    }
    const rejection =
      cause instanceof AuthRejection
        ? cause
        : !request || bearerToken(request) === null
          ? new AuthRejection('MISSING_TOKEN', 'no Authorization: Bearer token')
          : new AuthRejection('BAD_SIGNATURE', 'signature does not verify with the key');
    this.record(rejection, request);
    // RFC 6750 §3.1: no error code when the request carried no token.
    const params = rejection.reason === 'MISSING_TOKEN' ? [] : ['error="invalid_token"'];
    if (this.app.nodeEnv === 'development') {
      const description = `${rejection.reason}: ${rejection.message}`;
      params.push(`error_description="${description.replace(NOT_DESCRIPTION_CHAR, '?')}"`);
    }
    throw unauthenticated(params.length > 0 ? `Bearer ${params.join(', ')}` : undefined);
  }

  private record(rejection: AuthRejection, request: FastifyRequest | undefined): void {
    this.metrics.authFailed(rejection.reason);
    const { trustedProxyHops } = this.throttle;
    const client = request
      ? clientIp(request.socket.remoteAddress, request.headers['x-forwarded-for'], trustedProxyHops)
      : 'unknown';
    const suppressed = this.sampler.take(client);
    if (suppressed !== undefined) {
      const { reason, message: detail } = rejection;
      const event = { event: 'auth.failed', reason, detail, requestId: request?.id, suppressed };
      this.log.warn(event, 'auth.failed');
    }
  }
}

/** At most `perKey` lines per key and `maxKeys` keys per window, however many addresses flood. */
export class LogSampler {
  private windowStart = Number.NEGATIVE_INFINITY;
  private readonly counts = new Map<string, number>();
  private suppressed = 0;

  constructor(
    private readonly windowMs: number,
    private readonly perKey: number,
    private readonly maxKeys: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Undefined: do not log. Otherwise the number of events held back since the last line. */
  take(key: string): number | undefined {
    const now = this.now();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.counts.clear();
    }
    const count = this.counts.get(key) ?? 0;
    if (count >= this.perKey || (count === 0 && this.counts.size >= this.maxKeys)) {
      this.suppressed += 1;
      return undefined;
    }
    this.counts.set(key, count + 1);
    const held = this.suppressed;
    this.suppressed = 0;
    return held;
  }
}
