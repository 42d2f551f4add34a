import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from './bootstrap';
import { type AppConfig, appConfig } from './config/app.config';
import { ConfigValidationError } from './config/env.validation';
import { devBanner } from './dev-banner';
import { shutDownOnSignals } from './lifecycle/graceful-shutdown';

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
  if (nodeEnv === 'development') {
    process.stdout.write(devBanner(app));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `boot failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
