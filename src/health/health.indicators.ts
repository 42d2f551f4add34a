import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { CallerKeys } from '../auth/caller-keys';
import { AgoraProjects } from '../config/agora-projects';
import { ShutdownService } from '../lifecycle/graceful-shutdown';
import { RateLimitStorageService } from '../throttle/rate-limit-storage.service';

/** The readiness checks: each says up or down under its key, and nothing about internals. */
@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly shutdown: ShutdownService,
    private readonly projects: AgoraProjects,
    private readonly keys: CallerKeys,
    private readonly rateLimits: RateLimitStorageService,
  ) {}

  /** Down from the moment shutdown begins, so load balancers stop routing here while it drains. */
  draining(key: string) {
    const indicator = this.indicators.check(key);
    return this.shutdown.draining ? indicator.down() : indicator.up();
  }

  /** Always up once booted; `degraded: true` while the last reload was rejected (old certs). */
  config(key: string) {
    return this.indicators.check(key).up({ degraded: this.projects.reloadState().degraded });
  }

  /** Up when caller JWTs can be verified: a static key, or JWKS keys cached or fetchable. */
  async callerKeys(key: string) {
    const indicator = this.indicators.check(key);
    return (await this.keys.ready()) ? indicator.up() : indicator.down();
  }

  /** Always up: the limiter only degrades (per-replica limits); `{ storage, degraded }` only. */
  rateLimit(key: string) {
    const { storage, degraded } = this.rateLimits.state();
    return this.indicators.check(key).up({ storage, degraded });
  }
}
