import { type DynamicModule, Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { ConfigModule, type ConfigType, registerAs } from '@nestjs/config';
import { AgoraProjects, ConfigReloader, RAW_ENV } from './agora-projects';
import { agoraConfig } from './agora.config';
import { isDevelopment } from './app.config';
import { authConfig } from './auth.config';
import { withDevCredentials } from './dev-credentials';
import type { RawEnv } from './env.validation';
import { CONFIG_NAMESPACES, loadConfig, type LoadedConfig } from './load-config';

/** What happened to the development credentials, for the boot log (never a secret). */
const DEV_CREDENTIALS_NOTE = Symbol('DEV_CREDENTIALS_NOTE');

/** Loads and validates the environment once: typed namespaces, AgoraProjects and its reloader. */
@Module({})
export class AppConfigModule implements OnModuleInit {
  private readonly logger = new Logger('Config');

  constructor(
    @Inject(agoraConfig.KEY) private readonly agora: ConfigType<typeof agoraConfig>,
    @Inject(authConfig.KEY) private readonly auth: ConfigType<typeof authConfig>,
    @Inject(DEV_CREDENTIALS_NOTE) private readonly devCredentialsNote: string | null,
  ) {}

  /** Throws `ConfigValidationError` before Nest starts. In development `.env` is read too. */
  static async forRoot(given: RawEnv): Promise<DynamicModule> {
    const development = isDevelopment(given);
    let env: RawEnv = given;
    let loaded: LoadedConfig | undefined;
    const configModule = await ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      ignoreEnvFile: !development,
      // validate() sees the .env file's variables only; nothing is copied into process.env.
      validatePredefined: false,
      skipProcessEnv: true,
      validate: (fromFile) => {
        // Empty variables count as unset; a .env cannot switch to production.
        const set = Object.entries(given).filter(([, value]) => value);
        env = { ...fromFile, ...Object.fromEntries(set), NODE_ENV: given.NODE_ENV };
        loaded = loadConfig(env);
        return loaded;
      },
      load: CONFIG_NAMESPACES.map((ns) => registerAs(ns.namespace, () => config[ns.namespace])),
    });
    let config = loaded as LoadedConfig;
    let note: string | undefined;
    if (development) {
      // After validation, never inside it: the one write of the configuration.
      ({ config, note } = withDevCredentials(config, process.cwd()));
    }
    return {
      module: AppConfigModule,
      global: true,
      imports: [configModule],
      providers: [
        AgoraProjects,
        ConfigReloader,
        { provide: RAW_ENV, useValue: env },
        { provide: DEV_CREDENTIALS_NOTE, useValue: note ?? null },
      ],
      exports: [AgoraProjects],
    };
  }

  onModuleInit(): void {
    const { keys } = this.auth;
    const generated = [
      this.agora.generated && 'an Agora App ID and App Certificate',
      keys.kind === 'secret' && keys.generated && 'an HS256 secret for caller JWTs',
    ].filter(Boolean);
    if (generated.length > 0) {
      this.logger.warn(
        `development credentials generated (not usable with real Agora projects): ${generated.join(' and ')} (${this.devCredentialsNote ?? 'in memory only'})`,
      );
    }
  }
}
