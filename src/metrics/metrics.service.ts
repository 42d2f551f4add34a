import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';
import { AgoraProjects } from '../config/agora-projects';
import { DENY_REASONS } from '../policy/policy-decision';
import { RateLimitStorageService } from '../throttle/rate-limit-storage.service';
import { TOKEN_ERROR_CODES } from '../tokens/token-error-codes';
import { methodLabel, nameLabel, reasonLabel, routeLabel } from './metric-labels';
import { registerConfigReloadMetrics } from './config-reload-metrics';
import { processMetrics } from './process-metrics';
import { registerRateLimitMetrics } from './rate-limit-metrics';

/** Seconds. Fine below 20 ms, the p99 target of `POST /v1/tokens/rtc` (design §11). */
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Reasons known in advance, exported at 0 from the start so `rate()` sees their first denial. */
const KNOWN_DENIAL_REASONS = [...Object.keys(DENY_REASONS), ...TOKEN_ERROR_CODES];

/**
 * The service's Prometheus metrics (design §8), in a registry per app (tests boot several apps in
 * one process) plus the process-wide default metrics. Labels never carry caller data: no subject,
 * channel, uid, token or raw URL (metric-labels.ts bounds every value). Rate-limit figures are read
 * from RateLimitStorageService at scrape time.
 */
@Injectable()
export class MetricsService {
  private readonly registry = new Registry();

  private readonly issued = new Counter({
    name: 'ata_tokens_issued_total',
    help: 'Agora tokens issued, one per service in each token',
    labelNames: ['service', 'role', 'project'] as const,
    registers: [this.registry],
  });

  private readonly denials = new Counter({
    name: 'ata_token_denials_total',
    help: 'Token requests refused by the policy or the token library, by reason code',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  private readonly httpDuration = new Histogram({
    name: 'ata_http_request_duration_seconds',
    help: 'HTTP request duration by matched route pattern',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });

  private readonly jwksFetches = new Counter({
    name: 'ata_jwks_fetches_total',
    help: 'Fetches of the caller JWKS by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private readonly authFailures = new Counter({
    name: 'ata_auth_failures_total',
    help: 'Refused caller authentications (401, or 503 when the JWKS is down), by reason code',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  constructor(rateLimits: RateLimitStorageService, projects: AgoraProjects) {
    registerRateLimitMetrics(this.registry, () => rateLimits.state());
    registerConfigReloadMetrics(this.registry, () => projects.reloadState());
    KNOWN_DENIAL_REASONS.forEach((reason) => this.denials.inc({ reason }, 0));
    this.jwksFetches.inc({ outcome: 'success' }, 0);
    this.jwksFetches.inc({ outcome: 'failure' }, 0);
  }

  /** One token issued: one increment per service it holds. `role` applies to RTC-like services. */
  tokenIssued(services: readonly string[], role: string | undefined, project: string): void {
    for (const service of services) {
      const withRole = service === 'rtc' || service === 'fcdn' || service === 'streaming';
      this.issued.inc({
        service: nameLabel(service),
        role: withRole ? nameLabel(role) : 'none',
        project: nameLabel(project),
      });
    }
  }

  tokenDenied(reason: string): void {
    this.denials.inc({ reason: reasonLabel(reason) });
  }

  /** One answered request; `routePattern` is Fastify's matched route (undefined: none matched). */
  httpRequest(
    method: string,
    routePattern: string | undefined,
    statusCode: number,
    seconds: number,
  ): void {
    this.httpDuration.observe(
      {
        method: methodLabel(method),
        route: routeLabel(routePattern),
        status_code: String(statusCode),
      },
      seconds,
    );
  }

  /** `by` 0 exports a known reason before its first failure. */
  authFailed(reason: string, by = 1): void {
    this.authFailures.inc({ reason: reasonLabel(reason) }, by);
  }

  jwksFetched(ok: boolean): void {
    this.jwksFetches.inc({ outcome: ok ? 'success' : 'failure' });
  }

  /** The Prometheus text exposition: process metrics, then this app's. */
  async exposition(): Promise<string> {
    const [processText, appText] = await Promise.all([
      processMetrics().metrics(),
      this.registry.metrics(),
    ]);
    return `${processText}\n${appText}`;
  }

  /** The exposition's content type (text format 0.0.4). */
  get contentType(): string {
    return this.registry.contentType;
  }
}
