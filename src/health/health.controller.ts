import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../auth/public.decorator';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { SkipRateLimit } from '../throttle/skip-rate-limit.decorator';
import { CallerKeysHealthIndicator } from './caller-keys.health';
import { ConfigHealthIndicator } from './config.health';
import { HealthStatusDto } from './dto/health-status.dto';
import { RateLimitHealthIndicator } from './rate-limit.health';
import { ShutdownHealthIndicator } from './shutdown.health';

/**
 * Public probes, never rate limited (an orchestrator probing often must not see 429s). Bodies say
 * up/down per check and nothing about internals; a failing check is a 503 with the usual error
 * body. Every answer, 503s included, is `Cache-Control: no-store`: a cached probe says nothing.
 */
@ApiTags('health')
@Public()
@SkipRateLimit()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly config: ConfigHealthIndicator,
    private readonly callerKeys: CallerKeysHealthIndicator,
    private readonly rateLimit: RateLimitHealthIndicator,
    private readonly shutdown: ShutdownHealthIndicator,
  ) {}

  /** Liveness: the process serves HTTP. */
  @Get('live')
  @HealthCheck({ swaggerDocumentation: false })
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: HealthStatusDto })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Readiness: not shutting down, configuration loaded and caller JWT keys available. */
  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: HealthStatusDto })
  @ApiErrorResponses(503)
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      // Down from SIGTERM on: load balancers stop routing here while in-flight requests drain.
      () => this.shutdown.check('shutdown'),
      // Always up; `degraded: true` while the last configuration reload was rejected.
      () => this.config.check('config'),
      () => this.callerKeys.check('callerKeys'),
      // Always up; `degraded: true` while Redis is configured but unreachable.
      () => this.rateLimit.check('rateLimit'),
    ]);
  }
}
