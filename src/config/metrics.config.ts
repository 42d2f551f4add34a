import { DEFAULT_PORT } from './app.config';
import { configNamespace } from './config-namespace';
import { host, integer, type Rule } from './env.validation';

/** The Prometheus endpoint, served apart from the public API. */
export interface MetricsConfig {
  /**
   * `METRICS_PORT`: where `GET /metrics` listens, never the API port. Default 9464 in production;
   * elsewhere 0, a free port (the development banner shows it), so two local instances never
   * compete for one; `off` (null here) serves no metrics.
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

const PORT_OR_OFF: Rule<number | null> = {
  message: 'must be a port from 0 to 65535, or off',
  parse: (text) => (text === 'off' ? null : integer(0, 65535).parse(text)),
};

/** A bearer token a client can send as is (RFC 6750 token68 characters) and hard to guess. */
const BEARER_SECRET: Rule<string> = {
  message: 'must be 16 to 1024 characters of A-Z a-z 0-9 - . _ ~ + / (then optional "=")',
  parse: (text) =>
    text.length >= 16 && text.length <= 1024 && /^[A-Za-z0-9\-._~+/]+=*$/.test(text)
      ? text
      : undefined,
};

export const metricsConfig = configNamespace('metrics', (env): MetricsConfig => {
  const configured = env.get('METRICS_PORT', PORT_OR_OFF);
  const port = configured === undefined ? (env.production ? DEFAULT_METRICS_PORT : 0) : configured;
  const apiPort = env.get('PORT', integer(0, 65535)) ?? DEFAULT_PORT;
  // Metrics have a port of their own: never the public API's.
  if (port !== null && port !== 0 && port === apiPort && env.valid('PORT')) {
    env.issue('METRICS_PORT', 'must differ from PORT (metrics are never served on the API port)');
  }
  return {
    port,
    host: env.get('METRICS_HOST', host) ?? '127.0.0.1',
    token: env.secret('METRICS_TOKEN', BEARER_SECRET),
  };
});
