import { type ConfigFactoryKeyHost, type ConfigObject, registerAs } from '@nestjs/config';
import type { EnvReader } from './env.validation';

/** A config namespace: the `registerAs` token plus the function that loads its variables. */
export type ConfigNamespace<T extends ConfigObject> = (() => T) &
  ConfigFactoryKeyHost<T> & {
    readonly namespace: string;
    /**
     * Reads the namespace's variables (format), checks the rules relating them and applies the
     * defaults; problems go to `env.issues`. Reads secret and projects files; never writes.
     */
    readonly load: (env: EnvReader) => T;
  };

/**
 * Declares a namespace; inject it as `@Inject(x.KEY) config: ConfigType<typeof x>`. Its factory
 * is never called: AppConfigModule.forRoot(env) registers the values loaded from the environment
 * createApp() was given, so nothing reads `process.env` and tests boot apps with other ones.
 */
export function configNamespace<T extends ConfigObject>(
  namespace: string,
  load: (env: EnvReader) => T,
): ConfigNamespace<T> {
  const token = registerAs<T, () => T>(namespace, (): T => {
    throw new Error(`config namespace "${namespace}" is loaded by AppConfigModule.forRoot(env)`);
  });
  return Object.assign(token, { namespace, load });
}
