import { configNamespace, intOr } from './config-namespace';
import { splitList } from './env-validators';
import type { LogLevel, NodeEnv } from './env.validation';

export interface AppConfig {
  /** `NODE_ENV`: `production` refuses generated credentials and hides Swagger. Default `development`. */
  readonly nodeEnv: NodeEnv;
  /** `NODE_ENV === 'production'`. */
  readonly production: boolean;
  /** `PORT`: listen port, default 3000 (0 picks a free port). */
  readonly port: number;
  /** `HOST`: listen address, default `0.0.0.0`. */
  readonly host: string;
  /** `SWAGGER_ENABLED`: serve `/docs` and `/docs-json`; default true except in production. */
  readonly swaggerEnabled: boolean;
  /** `CORS_ORIGINS`: exact browser origins allowed to call the API; empty disables CORS. */
  readonly corsOrigins: readonly string[];
  /** `LOG_LEVEL`: pino level, default `info`. */
  readonly logLevel: LogLevel;
}

export const appConfig = configNamespace('app', ({ vars, nodeEnv }): AppConfig => ({
  nodeEnv: nodeEnv.name,
  production: nodeEnv.production,
  port: intOr(vars.PORT, 3000),
  host: vars.HOST ?? '0.0.0.0',
  swaggerEnabled:
    vars.SWAGGER_ENABLED === undefined ? !nodeEnv.production : vars.SWAGGER_ENABLED === 'true',
  corsOrigins: vars.CORS_ORIGINS === undefined ? [] : splitList(vars.CORS_ORIGINS),
  logLevel: (vars.LOG_LEVEL ?? 'info') as LogLevel,
}));
