import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AuthModule } from '../auth/auth.module';
import { CallerKeysHealthIndicator } from './caller-keys.health';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule, AuthModule],
  controllers: [HealthController],
  providers: [CallerKeysHealthIndicator],
})
export class HealthModule {}
