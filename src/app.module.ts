import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import type { Logger } from 'pino';
import { AuthModule } from './auth/auth.module';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { ApiValidationPipe } from './common/api-validation.pipe';
import { AppConfigModule } from './config/app-config.module';
import type { RawEnv } from './config/env.validation';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { RateLimitStorageService } from './throttle/rate-limit-storage.service';
import { IpThrottlerGuard, UserThrottlerGuard } from './throttle/tier-throttler.guard';
import { ThrottleModule } from './throttle/throttle.module';
import { TokensModule } from './tokens/tokens.module';

@Module({})
export class AppModule {
  /** Validates `env` first: throws `ConfigValidationError` before any module is built. */
  static async forRoot(env: RawEnv, logger: Logger): Promise<DynamicModule> {
    return {
      module: AppModule,
      imports: [
        await AppConfigModule.forRoot(env),
        LoggingModule.forRoot(logger),
        // Rate-limit figures are read from the limiter at scrape time.
        MetricsModule.forRoot({
          imports: [ThrottleModule],
          inject: [RateLimitStorageService],
          useFactory: (storage: RateLimitStorageService) => () => storage.state(),
        }),
        AuthModule,
        ThrottleModule,
        HealthModule,
        TokensModule,
      ],
      // Global providers, all here. Guards run in this order: the per-IP throttler goes first.
      providers: [
        { provide: APP_GUARD, useExisting: IpThrottlerGuard },
        { provide: APP_GUARD, useExisting: JwtAuthGuard },
        // After JwtAuthGuard: it counts per caller, from the session the JWT guard set.
        { provide: APP_GUARD, useExisting: UserThrottlerGuard },
        { provide: APP_PIPE, useClass: ApiValidationPipe },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
