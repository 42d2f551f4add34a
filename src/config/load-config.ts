import { agoraConfig } from './agora.config';
import { appConfig } from './app.config';
import { authConfig } from './auth.config';
import { ConfigValidationError, EnvReader, type RawEnv } from './env.validation';
import { metricsConfig } from './metrics.config';
import { policyConfig } from './policy.config';
import { throttleConfig } from './throttle.config';

/** Every namespace; a variable belongs to exactly one, which reads, relates and defaults it. */
export const CONFIG_NAMESPACES = [
  appConfig,
  agoraConfig,
  authConfig,
  policyConfig,
  throttleConfig,
  metricsConfig,
] as const;

export type LoadedConfig = {
  readonly [N in (typeof CONFIG_NAMESPACES)[number] as N['namespace']]: ReturnType<N['load']>;
};

/** The configuration, or a `ConfigValidationError` listing every problem. Writes nothing. */
export function loadConfig(raw: RawEnv): LoadedConfig {
  const env = new EnvReader(raw);
  const config = Object.fromEntries(CONFIG_NAMESPACES.map((ns) => [ns.namespace, ns.load(env)]));
  if (env.issues.length > 0) {
    throw new ConfigValidationError(env.issues);
  }
  return config as LoadedConfig;
}

/** Every variable read, `_FILE` variants included. */
export function configVariables(): string[] {
  const env = new EnvReader({ NODE_ENV: 'test' });
  CONFIG_NAMESPACES.forEach((namespace) => namespace.load(env));
  return [...env.names];
}
