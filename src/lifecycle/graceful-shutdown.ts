import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type AppConfig, appConfig } from '../config/app.config';
import { ShutdownService } from './shutdown.service';

export const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/** How a shutdown ended: every request answered, or connections cut at SHUTDOWN_TIMEOUT_MS. */
export type ShutdownOutcome = 'drained' | 'timed-out';

/**
 * While draining, every response carries `Connection: close`, so keep-alive clients and proxies
 * pooling connections to this replica reconnect (through the balancer, to a replica that stays)
 * instead of holding a connection the server is about to close. Decided when the response is
 * sent, not when its request arrived: a request already in flight when the drain began is
 * answered after it, and its connection must close too, or it would sit idle after the listener
 * closed and hold the shutdown until SHUTDOWN_TIMEOUT_MS (Node closes idle connections once,
 * when the server closes; a connection that turns idle later is never reaped).
 */
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

/**
 * The shutdown sequence. Readiness turns 503 at once; the server keeps serving for
 * SHUTDOWN_DRAIN_DELAY_MS so load balancers see the 503 and stop routing here; then it stops
 * accepting connections, lets in-flight requests finish (for at most SHUTDOWN_TIMEOUT_MS) and
 * closes the app.
 */
export async function drainAndClose(
  app: NestFastifyApplication,
  reason: string,
  logger = new Logger('Shutdown'),
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

/**
 * main.ts: the first SIGTERM or SIGINT runs `drainAndClose`, then the process exits 0, or 1 if
 * requests had to be cut off or closing failed. The signal is not re-raised: orchestrators read
 * a clean shutdown from exit code 0. Repeated signals are ignored (`npm start` forwards Ctrl-C to
 * a process the terminal has already signalled).
 */
export function shutDownOnSignals(
  app: NestFastifyApplication,
  signals: readonly NodeJS.Signals[] = SHUTDOWN_SIGNALS,
): void {
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
  for (const signal of signals) {
    process.on(signal, onSignal);
  }
}

/** Lets the event loop empty with `code`; forces the exit if a stray handle keeps it alive. */
function exitWhenIdle(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 1000).unref();
}
