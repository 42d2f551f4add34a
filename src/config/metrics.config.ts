import type { ConfigType } from '@nestjs/config';
import { DEFAULT_PORT, port as PORT } from './app.config';
import { check, configNamespace, host, type Rule } from './env.validation';

export const DEFAULT_METRICS_PORT = 9464;

const PORT_OR_OFF: Rule<number | null> = {
  message: 'must be a port from 0 to 65535, or off',
  parse: (text) => (text === 'off' ? null : PORT.parse(text)),
};

/** RFC 6750 token68 characters, so a client can send it as is, and hard to guess. */
const BEARER_SECRET = check(
  'must be 16 to 1024 characters of A-Z a-z 0-9 - . _ ~ + / (then optional "=")',
  (text) => /^[A-Za-z0-9\-._~+/]+=*$/.test(text) && text.length >= 16 && text.length <= 1024,
);

export const metricsConfig = configNamespace('metrics', (env) => {
  const configured = env.get('METRICS_PORT', PORT_OR_OFF);
  // Outside production a free port (the banner shows it): two local instances never clash.
  const port = configured === undefined ? (env.production ? DEFAULT_METRICS_PORT : 0) : configured;
  if (port && port === (env.get('PORT', PORT) ?? DEFAULT_PORT) && env.valid('PORT')) {
    env.issue('METRICS_PORT', 'must differ from PORT (metrics are never served on the API port)');
  }
  return {
    port,
    // Metrics stay on the machine until an operator opens them.
    host: env.get('METRICS_HOST', host) ?? '127.0.0.1',
    /** When set, a scrape must send `Authorization: Bearer <METRICS_TOKEN>`. */
    token: env.secret('METRICS_TOKEN', BEARER_SECRET),
  };
});

export type MetricsConfig = ConfigType<typeof metricsConfig>;
