import { Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { type ThrottleConfig, throttleConfig } from '../config/throttle.config';
import { clientIp } from '../common/client-ip';
import { RateLimitStorageService } from './rate-limit-storage.service';
import { TierThrottlerGuard } from './tier-throttler.guard';

/** Pre-auth limit per client IP (THROTTLE_IP_*), before the JWT guard. */
@Injectable()
export class IpThrottlerGuard extends TierThrottlerGuard {
  private readonly trustedHops: number;

  constructor(
    @Inject(throttleConfig.KEY) config: ThrottleConfig,
    storage: RateLimitStorageService,
    reflector: Reflector,
  ) {
    super('ip', config.ip, storage, reflector);
    this.trustedHops = config.trustedProxyHops;
  }

  protected trackerOf({ socket, headers }: FastifyRequest): string {
    return clientIp(socket.remoteAddress, headers['x-forwarded-for'], this.trustedHops);
  }
}
