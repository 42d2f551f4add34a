import { type AgoraConfig, agoraConfig } from './agora.config';
import { type AppConfig, appConfig } from './app.config';
import { type AuthConfig, authConfig } from './auth.config';
import { ConfigValidationError, EnvReader, type RawEnv, type ReadFile } from './env.validation';
import { type MetricsConfig, metricsConfig } from './metrics.config';
import { type PolicyConfig, policyConfig } from './policy.config';
import { type ThrottleConfig, throttleConfig } from './throttle.config';

/**
 * Every namespace. A variable belongs to exactly one: its file reads it (format), checks the rules
 * relating it to the namespace's other variables, and applies its default.
 */
export const CONFIG_NAMESPACES = [
  appConfig,
  agoraConfig,
  authConfig,
  policyConfig,
  throttleConfig,
  metricsConfig,
] as const;

export interface LoadedConfig {
  readonly app: AppConfig;
  readonly agora: AgoraConfig;
  readonly auth: AuthConfig;
  readonly policy: PolicyConfig;
  readonly throttle: ThrottleConfig;
  readonly metrics: MetricsConfig;
}

/**
 * The whole configuration from `raw` (and the secret and projects files it names), or a
 * `ConfigValidationError` listing every problem found, each naming its variable, never a value.
 * Writes nothing; outside production, missing credentials are random (see dev-credentials.ts).
 */
export function loadConfig(raw: RawEnv, readFile?: ReadFile): LoadedConfig {
  const env = new EnvReader(raw, readFile);
  const config: LoadedConfig = {
    app: appConfig.load(env),
    agora: agoraConfig.load(env),
    auth: authConfig.load(env),
    policy: policyConfig.load(env),
    throttle: throttleConfig.load(env),
    metrics: metricsConfig.load(env),
  };
  if (env.issues.length > 0) {
    throw new ConfigValidationError(env.issues);
  }
  return config;
}

/** Names of every variable the configuration reads (`_FILE` variants included). */
export function configVariables(): string[] {
  const env = new EnvReader({ NODE_ENV: 'test' });
  CONFIG_NAMESPACES.forEach((namespace) => namespace.load(env));
  return [...env.names];
}
