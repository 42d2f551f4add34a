import type { AddressInfo } from 'node:net';
import type { LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/bootstrap';
import type { RawEnv } from '../../src/config/env.validation';
import { TEST_ENV } from './test-env';

export interface TestApp {
  readonly app: NestFastifyApplication;
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Default: silent. */
  readonly logger?: false | LoggerService;
  /** Runs after createApp(), before listening (e.g. to add a raw Fastify probe route). */
  readonly beforeListen?: (app: NestFastifyApplication) => void;
}

/**
 * Boots the real application (createApp, as main.ts does) on 127.0.0.1 with a free port. The env
 * is TEST_ENV unless given.
 */
export async function startTestApp(
  env: RawEnv = TEST_ENV,
  options: TestAppOptions = {},
): Promise<TestApp> {
  const app = await createApp({ env, logger: options.logger ?? false });
  options.beforeListen?.(app);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** A logger that keeps every line, to assert what reached the log (and what did not). */
export class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];

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
