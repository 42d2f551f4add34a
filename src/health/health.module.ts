import { Injectable, Logger, type LoggerService, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AuthModule } from '../auth/auth.module';
import { ShutdownService } from '../lifecycle/graceful-shutdown';
import { ThrottleModule } from '../throttle/throttle.module';
import { HealthController } from './health.controller';
import { ReadinessIndicators } from './health.indicators';

/** Terminus logs failing checks as errors, but a readiness 503 is expected: debug here. */
@Injectable()
class ProbeOutcomeLogger implements LoggerService {
  private readonly logger = new Logger('Health');

  log = (message: unknown): void => this.logger.debug(message);
  error = this.log;
  warn = this.log;
  debug = this.log;
  verbose = (message: unknown): void => this.logger.verbose(message);
}

@Module({
  imports: [TerminusModule.forRoot({ logger: ProbeOutcomeLogger }), AuthModule, ThrottleModule],
  controllers: [HealthController],
  // The app's one ShutdownService (the drain hook and the shutdown sequence read it too).
  providers: [ShutdownService, ReadinessIndicators],
})
export class HealthModule {}
