import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ApiException, unauthenticated } from '../common/api-error';
import { appConfig } from '../config/app.config';
import { ROOT_LOGGER } from '../logging/logging.module';
import { MetricsService } from '../metrics/metrics.service';
import { AUTH_FAILURE_REASONS, AuthRejection } from './auth-rejection';
import { LogSampler } from './log-sampler';

/** At most 5 lines a minute per client and 100 clients a minute, however large the flood. */
const SAMPLING = { windowMs: 60_000, perKey: 5, maxKeys: 100 };

/** RFC 6750 §3: `error_description` is printable ASCII without `"` and `\`. */
const NOT_DESCRIPTION_CHAR = /[^\x20\x21\x23-\x5b\x5d-\x7e]/g;

/**
 * Security events: every refused authentication is counted by reason in
 * `ata_auth_failures_total` and logged as an `auth.failed` event at warn level, sampled per client
 * (socket address) so a flood cannot fill the logs. Builds the response: the uniform 401 (the
 * reason in `error_description` in development only) or a 503 when the JWKS is down.
 */
@Injectable()
export class AuthFailures {
  private readonly log: Logger;
  private readonly sampler = new LogSampler(SAMPLING);
  private readonly describe: boolean;

  constructor(
    @Inject(ROOT_LOGGER) root: Logger,
    private readonly metrics: MetricsService,
    @Inject(appConfig.KEY) app: ConfigType<typeof appConfig>,
  ) {
    this.log = root.child({ context: 'Auth' });
    this.describe = app.nodeEnv === 'development';
    AUTH_FAILURE_REASONS.forEach((reason) => metrics.authFailed(reason, 0));
  }

  /** Records the refusal; returns the 401 to throw. */
  unauthorized(rejection: AuthRejection, request: FastifyRequest | undefined): ApiException {
    this.record(rejection, request);
    // RFC 6750 §3.1: no error code when the request carried no token.
    const params = rejection.reason === 'MISSING_TOKEN' ? [] : ['error="invalid_token"'];
    if (this.describe) {
      const description = `${rejection.reason}: ${rejection.message}`;
      params.push(`error_description="${description.replace(NOT_DESCRIPTION_CHAR, '?')}"`);
    }
    return unauthenticated(params.length > 0 ? `Bearer ${params.join(', ')}` : undefined);
  }

  /** The JWKS is unreachable and the token's key is not cached: a 503 (the token may be valid). */
  keysUnavailable(retryAfterSeconds: number, request: FastifyRequest | undefined): ApiException {
    const message = 'caller signing keys are temporarily unavailable';
    this.record(new AuthRejection('KEYS_UNAVAILABLE', message), request);
    return new ApiException(503, 'AUTH_KEYS_UNAVAILABLE', message, {
      'Retry-After': String(retryAfterSeconds),
    });
  }

  private record(rejection: AuthRejection, request: FastifyRequest | undefined): void {
    this.metrics.authFailed(rejection.reason);
    const suppressed = this.sampler.take(request?.ip ?? 'unknown');
    if (suppressed !== undefined) {
      const { reason, message: detail } = rejection;
      const event = { event: 'auth.failed', reason, detail, requestId: request?.id, suppressed };
      this.log.warn(event, 'auth.failed');
    }
  }
}
