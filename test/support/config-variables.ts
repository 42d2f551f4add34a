import { ENV_VARIABLES } from '../../src/config/env.validation';

/**
 * Secret variables that may also be given as `NAME_FILE` (a path to a file holding the value), the
 * Docker/Kubernetes secrets convention, plus the Agora active-certificate pointer, which rotates
 * with them.
 */
const FILE_VARIABLES = [
  'AGORA_APP_CERTIFICATE',
  'AGORA_APP_CERTIFICATE_SECONDARY',
  'AGORA_ACTIVE_CERTIFICATE',
  'AUTH_JWT_SECRET',
  'AUTH_JWT_PUBLIC_KEY',
  'METRICS_TOKEN',
  'REDIS_URL',
];

/** Every variable of the configuration contract (src/config), the `_FILE` forms included. */
export function configurationVariables(): string[] {
  return [...ENV_VARIABLES, ...FILE_VARIABLES.map((name) => `${name}_FILE`)];
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
