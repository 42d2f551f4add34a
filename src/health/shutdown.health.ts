import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { ShutdownService } from '../lifecycle/shutdown.service';

/** Down from the moment shutdown begins, so load balancers stop routing here while it drains. */
@Injectable()
export class ShutdownHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly shutdown: ShutdownService,
  ) {}

  check(key: string) {
    const indicator = this.indicators.check(key);
    return this.shutdown.draining ? indicator.down() : indicator.up();
  }
}
