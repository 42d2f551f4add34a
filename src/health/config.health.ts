import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { AgoraProjects } from '../config/agora-projects';

/**
 * Always up once booted (invalid configuration never boots). `degraded: true` while the last
 * reload was rejected: the instance still serves with the previous certificates, which operators
 * must see, but leaving the load balancer would only make things worse.
 */
@Injectable()
export class ConfigHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly projects: AgoraProjects,
  ) {}

  check(key: string) {
    return this.indicators.check(key).up({ degraded: this.projects.reloadState().degraded });
  }
}
