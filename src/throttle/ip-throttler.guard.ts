import { Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { type ThrottleConfig, throttleConfig } from '../config/throttle.config';
import { clientIp } from './client-ip';
import { RateLimitStorageService } from './rate-limit-storage.service';
import { TierThrottlerGuard } from './tier-throttler.guard';

/**
 * Pre-auth limit per client IP (THROTTLE_IP_*). Registered before the JWT guard, so a flood of
 * bad tokens is refused before any signature is checked.
 */
@Injectable()
export class IpThrottlerGuard extends TierThrottlerGuard {
  private readonly trustedHops: number;

  // Every parameter names its token: ThrottlerGuard's @Inject metadata is inherited and would
  // otherwise ask for ThrottlerModule's options and storage.
  constructor(
    @Inject(throttleConfig.KEY) config: ThrottleConfig,
    @Inject(RateLimitStorageService) storage: RateLimitStorageService,
    @Inject(Reflector) reflector: Reflector,
  ) {
    super('ip', config.ip, storage, reflector);
    this.trustedHops = config.trustedProxyHops;
  }

  protected override getTracker(request: FastifyRequest): Promise<string> {
    const { socket, headers } = request;
    return Promise.resolve(
      clientIp(socket.remoteAddress, headers['x-forwarded-for'], this.trustedHops),
    );
  }
}
