import { SetMetadata } from '@nestjs/common';

export const SKIP_RATE_LIMIT = 'ata:skip-rate-limit';

/** Exempts a route or controller from every rate-limit tier (health probes). */
export const SkipRateLimit = () => SetMetadata(SKIP_RATE_LIMIT, true);
