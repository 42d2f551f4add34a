import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../auth/public.decorator';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { SkipRateLimit } from '../throttle/skip-rate-limit.decorator';
import { HealthStatusDto } from './dto/health-status.dto';
import { ReadinessIndicators } from './health.indicators';

/** Public probes, never rate limited; a failure is a 503 error body; always `no-store`. */
@ApiTags('health')
@Public()
@SkipRateLimit()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: ReadinessIndicators,
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
      () => this.indicators.draining('shutdown'),
      () => this.indicators.config('config'),
      () => this.indicators.callerKeys('callerKeys'),
      () => this.indicators.rateLimit('rateLimit'),
    ]);
  }
}
