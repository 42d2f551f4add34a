import { IsOptional, validateSync } from 'class-validator';
import { checkEnvRules } from './env-rules';
import {
  IsBearerSecret,
  IsClaimName,
  IsHex32String,
  IsHost,
  IsIntegerString,
  IsListOf,
  IsOneOf,
  IsPortOrOff,
  IsPrintable,
  IsPublicKeyPem,
  IsUrlWithProtocols,
  isJwtTypeItem,
  isOrigin,
} from './env-validators';
import type { AgoraProjectConfig } from './agora-project';
import { TOKEN_TTL_HARD_CAP_SECONDS } from './limits';

/** The raw environment handed to `createApp()`: `process.env` in production, a fixed map in tests. */
export type RawEnv = Readonly<Record<string, string | undefined>>;

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/** pino's levels (design §8). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const BOOLEAN = ['true', 'false'] as const;

/**
 * Every variable the service reads (design §10 plus tunables), as raw strings. Unset and empty
 * variables are `undefined`. Format rules live here; rules that relate several variables live in
 * `env-rules.ts`; namespaces (`*.config.ts`) turn the strings into typed values and defaults.
 *
 * Fields are initialised so that `Object.keys(new EnvironmentVariables())` lists the schema.
 */
export class EnvironmentVariables {
  // app
  @IsOptional() @IsOneOf(NODE_ENVS) NODE_ENV?: string = undefined;
  @IsOptional() @IsIntegerString(0, 65535) PORT?: string = undefined;
  @IsOptional() @IsHost() HOST?: string = undefined;
  @IsOptional() @IsOneOf(BOOLEAN) SWAGGER_ENABLED?: string = undefined;
  @IsOptional()
  @IsListOf(isOrigin, 'must be an exact origin such as https://app.example.com (no path, no "*")')
  CORS_ORIGINS?: string = undefined;
  @IsOptional() @IsOneOf(LOG_LEVELS) LOG_LEVEL?: string = undefined;
  @IsOptional() @IsIntegerString(1000, 600_000) HTTP_REQUEST_TIMEOUT_MS?: string = undefined;
  @IsOptional() @IsIntegerString(1000, 600_000) HTTP_HEADERS_TIMEOUT_MS?: string = undefined;
  @IsOptional() @IsIntegerString(1000, 600_000) HTTP_KEEP_ALIVE_TIMEOUT_MS?: string = undefined;
  @IsOptional() @IsIntegerString(0, 300_000) SHUTDOWN_DRAIN_DELAY_MS?: string = undefined;
  @IsOptional() @IsIntegerString(1000, 600_000) SHUTDOWN_TIMEOUT_MS?: string = undefined;

  // agora
  @IsOptional() @IsHex32String() AGORA_APP_ID?: string = undefined;
  @IsOptional() @IsHex32String() AGORA_APP_CERTIFICATE?: string = undefined;
  @IsOptional() @IsHex32String() AGORA_APP_CERTIFICATE_SECONDARY?: string = undefined;
  @IsOptional() @IsOneOf(['primary', 'secondary']) AGORA_ACTIVE_CERTIFICATE?: string = undefined;
  @IsOptional() AGORA_PROJECTS_FILE?: string = undefined;

  // auth
  @IsOptional() AUTH_JWT_SECRET?: string = undefined;
  @IsOptional() @IsUrlWithProtocols(['https:', 'http:']) AUTH_JWKS_URL?: string = undefined;
  @IsOptional() @IsPublicKeyPem() AUTH_JWT_PUBLIC_KEY?: string = undefined;
  @IsOptional() @IsPrintable(1024) AUTH_JWT_ISSUER?: string = undefined;
  @IsOptional() @IsPrintable(1024) AUTH_JWT_AUDIENCE?: string = undefined;
  @IsOptional() AUTH_JWT_ALGORITHMS?: string = undefined;
  @IsOptional() @IsIntegerString(0, 300) AUTH_CLOCK_TOLERANCE_SECONDS?: string = undefined;
  @IsOptional() @IsIntegerString(60, 2_592_000) AUTH_MAX_JWT_LIFETIME_SECONDS?: string = undefined;
  @IsOptional() @IsIntegerString(100, 30_000) AUTH_JWKS_TIMEOUT_MS?: string = undefined;
  @IsOptional() @IsIntegerString(1, 3600) AUTH_JWKS_COOLDOWN_SECONDS?: string = undefined;
  @IsOptional() @IsIntegerString(1024, 1_048_576) AUTH_JWKS_MAX_BYTES?: string = undefined;
  @IsOptional() @IsIntegerString(1, 86_400) AUTH_JWKS_CACHE_TTL_SECONDS?: string = undefined;
  @IsOptional() @IsIntegerString(1, 604_800) AUTH_JWKS_MAX_STALE_SECONDS?: string = undefined;
  @IsOptional()
  @IsListOf(isJwtTypeItem, 'is "absent" or a media type such as JWT or at+jwt')
  AUTH_JWT_TYPES?: string = undefined;

  // policy inputs
  @IsOptional() @IsClaimName() CLAIM_UID?: string = undefined;
  @IsOptional() @IsClaimName() CLAIM_ACCOUNT?: string = undefined;
  @IsOptional() @IsClaimName() CLAIM_CHANNELS?: string = undefined;
  @IsOptional() @IsClaimName() CLAIM_KIND?: string = undefined;
  @IsOptional() CHANNEL_TEMPLATES?: string = undefined;
  @IsOptional()
  @IsIntegerString(60, TOKEN_TTL_HARD_CAP_SECONDS)
  TOKEN_DEFAULT_TTL_SECONDS?: string = undefined;
  @IsOptional()
  @IsIntegerString(60, TOKEN_TTL_HARD_CAP_SECONDS)
  TOKEN_MAX_TTL_SECONDS?: string = undefined;

  // throttle
  @IsOptional() @IsIntegerString(1, 1_000_000) THROTTLE_IP_LIMIT?: string = undefined;
  @IsOptional() @IsIntegerString(1, 86_400) THROTTLE_IP_TTL_SECONDS?: string = undefined;
  @IsOptional() @IsIntegerString(1, 1_000_000) THROTTLE_USER_LIMIT?: string = undefined;
  @IsOptional() @IsIntegerString(1, 86_400) THROTTLE_USER_TTL_SECONDS?: string = undefined;
  @IsOptional() @IsIntegerString(0, 32) TRUSTED_PROXY_HOPS?: string = undefined;
  @IsOptional() @IsUrlWithProtocols(['redis:', 'rediss:']) REDIS_URL?: string = undefined;

  // metrics
  @IsOptional() @IsPortOrOff() METRICS_PORT?: string = undefined;
  @IsOptional() @IsHost() METRICS_HOST?: string = undefined;
  @IsOptional() @IsBearerSecret(16) METRICS_TOKEN?: string = undefined;
}

export type EnvVariable = keyof EnvironmentVariables;

/** Names of every variable in the schema. */
export const ENV_VARIABLES = Object.keys(new EnvironmentVariables()) as EnvVariable[];

/**
 * The output of `validate()`: the variables (format-checked strings) plus what validation had to
 * read to check them. Top-level values are objects on purpose: @nestjs/config copies top-level
 * string values of a validate() result into `process.env`, and we never want that.
 */
export interface ValidatedEnv {
  readonly vars: Readonly<EnvironmentVariables>;
  readonly nodeEnv: { readonly name: NodeEnv; readonly production: boolean };
  /** Projects from `AGORA_PROJECTS_FILE`, or null when the single-project variables are used. */
  readonly projectsFile: readonly AgoraProjectConfig[] | null;
  /**
   * The development JWT secret shared with `agora-token dev-jwt` (see dev-credentials.ts), set by
   * AppConfigModule in development when no caller key is configured; otherwise a random secret
   * lives in memory only.
   */
  readonly devJwtSecret?: { readonly secret: string };
}

export interface ConfigIssue {
  readonly variable: string;
  readonly message: string;
}

/** Thrown at boot; its message lists each variable and the rule it broke, never a value. */
export class ConfigValidationError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(
      [
        'Invalid configuration (values are never shown):',
        ...issues.map((issue) => `  - ${issue.variable}: ${issue.message}`),
      ].join('\n'),
    );
    this.name = 'ConfigValidationError';
  }
}

/**
 * Validates the raw environment once, at boot (passed to `ConfigModule.forRoot({ validate })`).
 * Throws `ConfigValidationError` listing every problem found.
 */
export function validate(raw: Record<string, unknown>): ValidatedEnv {
  const vars = new EnvironmentVariables();
  for (const name of ENV_VARIABLES) {
    const value = Object.hasOwn(raw, name) ? raw[name] : undefined;
    // An empty variable (`FOO=` in a compose file) means "not set".
    if (typeof value === 'string' && value !== '') {
      vars[name] = value;
    }
  }
  const formatIssues: ConfigIssue[] = validateSync(vars, {
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  }).map((error) => ({
    variable: error.property,
    message: Object.values(error.constraints ?? {}).join('; '),
  }));
  if (formatIssues.length > 0) {
    throw new ConfigValidationError(formatIssues);
  }
  const name = (vars.NODE_ENV ?? 'development') as NodeEnv;
  const nodeEnv = { name, production: name === 'production' };
  const { issues, projectsFile } = checkEnvRules(vars, nodeEnv.production);
  if (issues.length > 0) {
    throw new ConfigValidationError(issues);
  }
  return { vars: Object.freeze(vars), nodeEnv, projectsFile };
}
