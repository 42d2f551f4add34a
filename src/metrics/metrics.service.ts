import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AgoraProjects } from '../config/agora-projects';
import { droppedLogLines } from '../logging/root-logger';

/** Injection token of a `() => RateLimitFigures` source, provided where the app is wired. */
export const RATE_LIMIT_FIGURES = Symbol('RATE_LIMIT_FIGURES');

/** What the rate limiter reports (its state has this shape); monotonic counts. */
export interface RateLimitFigures {
  /** Where limits are decided now: one of `MODES`. */
  readonly storage: string;
  /** 429s so far, by tier (`ip`, `user`). */
  readonly rejectionsTotal: Readonly<Record<string, number>>;
  readonly fallbacksTotal: number;
  readonly fallbackDecisionsTotal: number;
  readonly memoryEntries: number;
}

const MODES = ['memory', 'redis', 'memory-fallback'];

/** Seconds. Fine below 20 ms, the p99 target of `POST /v1/tokens/rtc`. */
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A registry per app (tests boot several in one process); bounded labels, never caller data. */
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

  constructor(
    @Inject(RATE_LIMIT_FIGURES) rateLimits: () => RateLimitFigures,
    projects: AgoraProjects,
  ) {
    const registers = [this.registry];
    scrapedCounter(
      registers,
      'ata_rate_limit_rejections_total',
      'Requests refused with 429, by tier (ip: before authentication; user: per caller)',
      () => rateLimits().rejectionsTotal,
      'tier',
    );
    new Gauge({
      name: 'ata_rate_limit_storage',
      help: 'Where rate limits are decided: 1 for the current mode (memory, redis, memory-fallback)',
      labelNames: ['mode'] as const,
      registers,
      collect() {
        const { storage } = rateLimits();
        MODES.forEach((mode) => this.set({ mode }, mode === storage ? 1 : 0));
      },
    });
    scrapedCounter(
      registers,
      'ata_rate_limit_fallbacks_total',
      'Times the limiter fell back from Redis to per-replica memory',
      () => rateLimits().fallbacksTotal,
    );
    scrapedCounter(
      registers,
      'ata_rate_limit_fallback_decisions_total',
      'Requests limited in memory because Redis was configured but unreachable',
      () => rateLimits().fallbackDecisionsTotal,
    );
    new Gauge({
      name: 'ata_rate_limit_memory_entries',
      help: 'Keys held by the in-memory rate-limit storage',
      registers,
      collect() {
        this.set(rateLimits().memoryEntries);
      },
    });
    scrapedCounter(
      registers,
      'ata_config_reloads_total',
      'Reloads of the Agora projects and certificates: applied, or rejected as invalid (the running configuration stays)',
      () => {
        const { applied, rejected } = projects.reloadState();
        return { applied, rejected };
      },
      'outcome',
    );
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

  /** Reasons known in advance, exported at 0 from the start so `rate()` sees their first denial. */
  declareDenialReasons(reasons: readonly string[]): void {
    reasons.forEach((reason) => this.denials.inc({ reason: reasonLabel(reason) }, 0));
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

  async exposition(): Promise<string> {
    const [processText, appText] = await Promise.all([
      processMetrics().metrics(),
      this.registry.metrics(),
    ]);
    return `${processText}\n${appText}`;
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** A counter set at scrape time to the monotonic count(s) its source keeps, by `label` if any. */
function scrapedCounter(
  registers: Registry[],
  name: string,
  help: string,
  read: () => number | Readonly<Record<string, number>>,
  label?: string,
): void {
  new Counter({
    name,
    help,
    labelNames: label === undefined ? [] : [label],
    registers,
    collect() {
      const value = read();
      this.reset();
      if (typeof value === 'object') {
        Object.entries(value).forEach(([key, count]) => this.inc({ [label ?? '']: key }, count));
      } else {
        this.inc(value);
      }
    },
  });
}

let processRegistry: Registry | undefined;

/** Default metrics and dropped log lines, once per process: their monitors are never stopped. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
    scrapedCounter(
      [processRegistry],
      'ata_log_lines_dropped_total',
      'Log lines dropped because stdout was not read fast enough',
      droppedLogLines,
    );
  }
  return processRegistry;
}

// Bounded labels: an unknown value becomes a placeholder, so caller input cannot add series.
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Reason codes are SCREAMING_SNAKE constants (policy reasons, API error codes). */
const REASON = /^[A-Z][A-Z0-9_]{0,63}$/;
/** Service names, roles and project names: short identifiers from code and configuration. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : 'OTHER';
}

/** The matched route pattern (`/v1/tokens/rtc`), never the URL; `unmatched` for a 404. */
export function routeLabel(routePattern: string | undefined): string {
  return routePattern ?? 'unmatched';
}

export function reasonLabel(reason: string): string {
  return REASON.test(reason) ? reason : 'OTHER';
}

export function nameLabel(name: string | undefined): string {
  return name !== undefined && NAME.test(name) ? name : 'other';
}
