import { configVariables } from '../../src/config/load-config';

/** Every variable of the configuration contract (src/config), the `_FILE` forms included. */
export function configurationVariables(): string[] {
  return configVariables();
}

/** Variables whose values are secrets: deployment files give them as `_FILE` paths only. */
export const SECRET_VARIABLES = [
  'AGORA_APP_CERTIFICATE',
  'AGORA_APP_CERTIFICATE_SECONDARY',
  'AUTH_JWT_SECRET',
  'AUTH_JWT_PUBLIC_KEY',
  'METRICS_TOKEN',
  'REDIS_URL',
];
