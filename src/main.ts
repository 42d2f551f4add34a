import './tracing/register';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { createApp } from './bootstrap';
import { type AppConfig, appConfig } from './config/app.config';
import { ConfigValidationError } from './config/env.validation';
import { devBanner } from './dev-banner';
import { shutDownOnSignals } from './lifecycle/graceful-shutdown';
import { ROOT_LOGGER } from './logging/logging.module';
import { writeBesideLog } from './logging/root-logger';
import { MetricsServer } from './metrics/metrics-server';

async function main(): Promise<void> {
  let app: NestFastifyApplication;
  try {
    app = await createApp({ env: process.env });
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      // The message names each variable and rule, never a value; no stack trace needed.
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
  const { host, port, nodeEnv } = app.get<AppConfig>(appConfig.KEY);
  shutDownOnSignals(app);
  await app.listen(port, host);
  try {
    // Started by the listen itself; a taken METRICS_PORT is a boot failure, like a taken PORT.
    await app.get(MetricsServer).listening();
  } catch (error) {
    await app.close();
    throw error;
  }
  if (nodeEnv === 'development') {
    // Through the log's own stream, so the banner comes out below the boot lines.
    writeBesideLog(app.get<Logger>(ROOT_LOGGER), devBanner(app));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `boot failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
