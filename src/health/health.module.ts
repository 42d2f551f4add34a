import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AuthModule } from '../auth/auth.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { ThrottleModule } from '../throttle/throttle.module';
import { CallerKeysHealthIndicator } from './caller-keys.health';
import { ConfigHealthIndicator } from './config.health';
import { HealthController } from './health.controller';
import { ProbeOutcomeLogger } from './probe-outcome.logger';
import { RateLimitHealthIndicator } from './rate-limit.health';
import { ShutdownHealthIndicator } from './shutdown.health';

@Module({
  imports: [
    // Failing probes are not errors of ours (ProbeOutcomeLogger).
    TerminusModule.forRoot({ logger: ProbeOutcomeLogger }),
    AuthModule,
    ThrottleModule,
    LifecycleModule,
  ],
  controllers: [HealthController],
  providers: [
    CallerKeysHealthIndicator,
    ConfigHealthIndicator,
    RateLimitHealthIndicator,
    ShutdownHealthIndicator,
  ],
})
export class HealthModule {}
