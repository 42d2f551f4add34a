import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { CallerKeys } from '../auth/caller-keys';

/** Up when caller JWTs can be verified: a static key, or JWKS keys cached or fetchable. */
@Injectable()
export class CallerKeysHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly keys: CallerKeys,
  ) {}

  async check(key: string) {
    const indicator = this.indicators.check(key);
    return (await this.keys.ready()) ? indicator.up() : indicator.down();
  }
}
