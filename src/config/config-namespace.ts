import { type ConfigFactoryKeyHost, type ConfigObject, registerAs } from '@nestjs/config';
import type { ValidatedEnv } from './env.validation';

/** A config namespace: the `registerAs` token plus the pure function that shapes its values. */
export type ConfigNamespace<T extends ConfigObject> = (() => T) &
  ConfigFactoryKeyHost<T> & {
    readonly namespace: string;
    /** Shapes the namespace from the validated environment: parse, split, default. No I/O. */
    readonly fromEnv: (env: ValidatedEnv) => T;
  };

/**
 * Declares a namespace. Inject it as `@Inject(x.KEY) config: ConfigType<typeof x>`.
 *
 * Nest's usual factories read `process.env` when they run. Ours are bound by
 * `AppConfigModule.forRoot(env)` to the environment `createApp()` was given and validated, so
 * nothing reads `process.env` behind the caller's back and tests can boot apps with different
 * environments in one process. The token's own factory is never called.
 */
export function configNamespace<T extends ConfigObject>(
  namespace: string,
  fromEnv: (env: ValidatedEnv) => T,
): ConfigNamespace<T> {
  const token = registerAs<T, () => T>(namespace, (): T => {
    throw new Error(`config namespace "${namespace}" is loaded by AppConfigModule.forRoot(env)`);
  });
  return Object.assign(token, { namespace, fromEnv });
}

/** Parses an integer variable that validation has already checked. */
export function intOr(value: string | undefined, fallback: number): number {
  return value === undefined ? fallback : Number(value);
}
