import { configNamespace, intOr } from './config-namespace';

/** The Prometheus endpoint, served apart from the public API (design §8). */
export interface MetricsConfig {
  /**
   * `METRICS_PORT`: where `GET /metrics` listens, never the API port. Default 9464; 0 picks a free
   * port (tests); `off` (null here) serves no metrics.
   */
  readonly port: number | null;
  /**
   * `METRICS_HOST`: default 127.0.0.1, so metrics stay on the machine until an operator opens them
   * (0.0.0.0 in a container scraped from outside it).
   */
  readonly host: string;
  /**
   * `METRICS_TOKEN`: when set, a scrape must send `Authorization: Bearer <METRICS_TOKEN>`
   * (Prometheus `authorization.credentials`). At least 16 characters.
   */
  readonly token: string | undefined;
}

export const DEFAULT_METRICS_PORT = 9464;

export const metricsConfig = configNamespace('metrics', ({ vars }): MetricsConfig => ({
  port: vars.METRICS_PORT === 'off' ? null : intOr(vars.METRICS_PORT, DEFAULT_METRICS_PORT),
  host: vars.METRICS_HOST ?? '127.0.0.1',
  token: vars.METRICS_TOKEN,
}));
