import { SkipThrottle } from '@nestjs/throttler';
import { THROTTLE_TIERS } from './throttle-tiers';

/** Exempts a route or controller from every rate-limit tier (health probes). */
export const SkipRateLimit = () =>
  SkipThrottle(Object.fromEntries(THROTTLE_TIERS.map((tier) => [tier, true])));
