import type { AddressInfo } from 'node:net';
import type { LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/bootstrap';
import { type AgoraConfig, agoraConfig } from '../../src/config/agora.config';
import { type AuthConfig, authConfig } from '../../src/config/auth.config';
import type { LogLevel } from '../../src/config/app.config';
import type { RawEnv } from '../../src/config/env.validation';
import { MetricsServer } from '../../src/metrics/metrics-server';
import { CAPTURE_LOG_LEVEL, registerSecrets } from '../log-capture/capture-dir';
import { appLogSink } from '../log-capture/log-sink';
import { TEST_ENV } from './test-env';

export interface TestApp {
  readonly app: NestFastifyApplication;
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  /** `http://127.0.0.1:<port>/metrics` (METRICS_PORT=0 in TEST_ENV: a free port), or null when off. */
  readonly metricsUrl: string | null;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Receives the app's log lines as well (the capture file always does). */
  readonly logger?: false | CapturingLogger;
  /** Default debug, the level the leak scan wants; a test of LOG_LEVEL itself sets its own. */
  readonly logLevel?: LogLevel;
  /** Runs after createApp(), before listening (e.g. to add a raw Fastify probe route). */
  readonly beforeListen?: (app: NestFastifyApplication) => void;
}

/**
 * Boots the real application (createApp, as main.ts does) on 127.0.0.1 with a free port. The env
 * is TEST_ENV unless given. Its JSON log lines go, through the real pino pipeline, to a capture
 * file of the run (scanned for leaks at the end) and to `options.logger`.
 */
export async function startTestApp(
  env: RawEnv = TEST_ENV,
  options: TestAppOptions = {},
): Promise<TestApp> {
  registerSecrets(
    env.AGORA_APP_CERTIFICATE,
    env.AGORA_APP_CERTIFICATE_SECONDARY,
    env.AUTH_JWT_SECRET,
    env.METRICS_TOKEN,
  );
  const sink = appLogSink(options.logger || undefined);
  const app = await createApp({
    env: { ...env, LOG_LEVEL: options.logLevel ?? CAPTURE_LOG_LEVEL },
    logger: sink,
  }).catch((error: unknown) => {
    sink.close();
    throw error;
  });
  registerAppSecrets(app);
  options.beforeListen?.(app);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const metrics = await app.get(MetricsServer).listening();
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    metricsUrl: metrics ? `http://127.0.0.1:${metrics.port}/metrics` : null,
    close: async () => {
      await app.close();
      sink.close();
    },
  };
}

/** Certificates and the caller JWT secret the app runs with, generated ones included. */
function registerAppSecrets(app: NestFastifyApplication): void {
  const { projects } = app.get<AgoraConfig>(agoraConfig.KEY);
  const { keys } = app.get<AuthConfig>(authConfig.KEY);
  registerSecrets(
    ...projects.flatMap((project) => [
      project.certificates.primary,
      project.certificates.secondary,
    ]),
    keys.kind === 'secret' ? keys.key.export().toString('utf8') : undefined,
  );
}

/** What every pino line has, besides the event's own fields. */
const ENVELOPE = ['level', 'time', 'pid', 'hostname', 'context', 'msg'] as const;

/**
 * Keeps what reached the log, to assert on it: each JSON line as a record (`records`) and as a
 * readable line (`lines`): an audit event as its fields' JSON (`{"event":"token.issued",...}`),
 * anything else as its message. Also a Nest LoggerService, for code tested without an app
 * (`Logger.overrideLogger(logger)`).
 */
export class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  readonly records: Array<Record<string, unknown>> = [];

  /** One JSON line from the app's pino logger. */
  writeRecord(json: string): void {
    const record = JSON.parse(json) as Record<string, unknown>;
    this.records.push(record);
    if (typeof record.event === 'string') {
      const fields: Record<string, unknown> = { event: record.event, ...record };
      ENVELOPE.forEach((name) => delete fields[name]);
      this.lines.push(JSON.stringify(fields));
    } else {
      this.lines.push(typeof record.msg === 'string' ? record.msg : json);
    }
  }

  log(message: unknown): void {
    this.lines.push(String(message));
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.lines.push([message, ...rest].map(String).join(' '));
  }
  warn(message: unknown): void {
    this.lines.push(String(message));
  }
  debug(message: unknown): void {
    this.lines.push(String(message));
  }
  verbose(message: unknown): void {
    this.lines.push(String(message));
  }
  fatal(message: unknown): void {
    this.lines.push(String(message));
  }
}
