import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type AppConfig, appConfig } from '../config/app.config';

/** Set once on SIGTERM/SIGINT; read by readiness (503) and the drain hook (`Connection: close`). */
@Injectable()
export class ShutdownService {
  draining = false;

  beginDraining(): void {
    this.draining = true;
  }
}

/** How a shutdown ended: every request answered, or connections cut at SHUTDOWN_TIMEOUT_MS. */
type ShutdownOutcome = 'drained' | 'timed-out';

/** `Connection: close` while draining, set at send time: idle sockets would hold the shutdown. */
export function closeConnectionsWhileDraining(app: NestFastifyApplication): void {
  const shutdown = app.get(ShutdownService);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (_request, reply, payload, done) => {
      if (shutdown.draining) {
        void reply.header('connection', 'close');
      }
      done(null, payload);
    });
}

/** Readiness 503, serve SHUTDOWN_DRAIN_DELAY_MS more, stop accepting, let requests end, close. */
async function drainAndClose(
  app: NestFastifyApplication,
  reason: string,
  logger: Logger,
): Promise<ShutdownOutcome> {
  const { drainDelayMs, timeoutMs } = app.get<AppConfig>(appConfig.KEY).shutdown;
  app.get(ShutdownService).beginDraining();
  logger.log(`${reason}: readiness is 503; serving ${drainDelayMs} ms more before closing`);
  await sleep(drainDelayMs);

  logger.log('no longer accepting connections; waiting for in-flight requests');
  let outcome: ShutdownOutcome = 'drained';
  const cutOff = setTimeout(() => {
    outcome = 'timed-out';
    logger.error(`requests still in flight after ${timeoutMs} ms; closing their connections`);
    app.getHttpServer().closeAllConnections();
  }, timeoutMs);
  try {
    // The HTTP server closes before the app, so module destroy hooks never tear down what an
    // in-flight request still uses (a Redis client...). app.close() closing it again is a no-op.
    await app.getHttpAdapter().getInstance().close();
    await app.close();
  } finally {
    clearTimeout(cutOff);
  }
  logger.log(outcome === 'drained' ? 'closed; every request was answered' : 'closed');
  return outcome;
}

/** The first SIGTERM/SIGINT drains, then exits 0 (no re-raise), or 1 if requests were cut off. */
export function shutDownOnSignals(app: NestFastifyApplication): void {
  const logger = new Logger('Shutdown');
  let started = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (started) {
      logger.warn(`${signal} received again; already shutting down`);
      return;
    }
    started = true;
    const { drainDelayMs, timeoutMs } = app.get<AppConfig>(appConfig.KEY).shutdown;
    // Last resort if closing itself hangs (a destroy hook that never settles).
    setTimeout(() => process.exit(1), drainDelayMs + timeoutMs + 5000).unref();
    drainAndClose(app, signal, logger).then(
      (outcome) => exitWhenIdle(outcome === 'drained' ? 0 : 1),
      (error: unknown) => {
        logger.error(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        exitWhenIdle(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** Lets the event loop empty with `code`; forces the exit if a stray handle keeps it alive. */
function exitWhenIdle(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 1000).unref();
}
