import { type DynamicModule, Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { ConfigModule, type ConfigType, registerAs } from '@nestjs/config';
import { agoraConfig } from './agora.config';
import { appConfig } from './app.config';
import { authConfig, DEV_JWT_AUDIENCE, DEV_JWT_ISSUER } from './auth.config';
import { devJwtSecret } from './dev-credentials';
import { type RawEnv, validate, type ValidatedEnv } from './env.validation';
import { metricsConfig } from './metrics.config';
import { policyConfig } from './policy.config';
import { ProjectRegistry } from './project-registry';
import { throttleConfig } from './throttle.config';

/** Every namespace, loaded at boot. */
export const CONFIG_NAMESPACES = [
  appConfig,
  agoraConfig,
  authConfig,
  policyConfig,
  throttleConfig,
  metricsConfig,
] as const;

/** What happened to the development JWT secret, for the boot log (never the secret). */
const DEV_SECRET_NOTE = Symbol('DEV_SECRET_NOTE');

/**
 * Global configuration: validates the environment once, exposes the typed namespaces
 * (`@Inject(authConfig.KEY)`) and `ProjectRegistry`.
 */
@Module({})
export class AppConfigModule implements OnModuleInit {
  private readonly logger = new Logger('Config');

  constructor(
    @Inject(agoraConfig.KEY) private readonly agora: ConfigType<typeof agoraConfig>,
    @Inject(authConfig.KEY) private readonly auth: ConfigType<typeof authConfig>,
    @Inject(DEV_SECRET_NOTE) private readonly devSecretNote: string | null,
  ) {}

  /**
   * Throws `ConfigValidationError` (naming each bad variable, never a value) before Nest starts,
   * so callers can print it and exit without a stack trace.
   */
  static async forRoot(rawEnv: RawEnv): Promise<DynamicModule> {
    const snapshot = { ...rawEnv };
    let validated: ValidatedEnv | undefined;
    let devSecretNote: string | undefined;
    const env = (): ValidatedEnv => {
      if (!validated) {
        throw new Error('configuration used before validation');
      }
      return validated;
    };
    const config = await ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      // The environment is the contract (design §10): no .env file, no process.env fallback;
      // validate() sees exactly what createApp() was given.
      ignoreEnvFile: true,
      validatePredefined: false,
      skipProcessEnv: true,
      validate: () => {
        validated = validate(snapshot);
        const { vars, nodeEnv } = validated;
        const noKey = !vars.AUTH_JWT_SECRET && !vars.AUTH_JWKS_URL && !vars.AUTH_JWT_PUBLIC_KEY;
        if (nodeEnv.name === 'development' && noKey) {
          // Shared with `agora-token dev-jwt` through a file; tests (NODE_ENV=test) never write it.
          const dev = devJwtSecret(
            process.cwd(),
            vars.AUTH_JWT_ISSUER ?? DEV_JWT_ISSUER,
            vars.AUTH_JWT_AUDIENCE ?? DEV_JWT_AUDIENCE,
          );
          devSecretNote = dev.note;
          validated = { ...validated, devJwtSecret: { secret: dev.secret } };
        }
        return validated;
      },
      load: CONFIG_NAMESPACES.map((ns) => registerAs(ns.namespace, () => ns.fromEnv(env()))),
    });
    return {
      module: AppConfigModule,
      global: true,
      imports: [config],
      providers: [ProjectRegistry, { provide: DEV_SECRET_NOTE, useValue: devSecretNote ?? null }],
      exports: [ProjectRegistry],
    };
  }

  onModuleInit(): void {
    const generated = [
      ...(this.agora.generated ? ['an Agora App ID and App Certificate'] : []),
      ...(this.auth.keys.kind === 'secret' && this.auth.keys.generated
        ? [`an HS256 secret for caller JWTs (${this.devSecretNote ?? 'in memory only'})`]
        : []),
    ];
    if (generated.length > 0) {
      // Never the values: only what was generated.
      this.logger.warn(
        `development credentials generated (not usable with real Agora projects): ${generated.join(' and ')}`,
      );
    }
  }
}
