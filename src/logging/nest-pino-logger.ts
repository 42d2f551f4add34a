import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';

/** Nest's wiring reports (a line per module and per route, ~30 at boot) are debug detail here. */
const WIRING_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Nest's LoggerService on pino, context as a field; object messages as fields, Errors as `err`. */
export class NestPinoLogger implements LoggerService {
  private readonly byContext = new Map<string, Logger>();

  constructor(private readonly root: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    const context = params.at(-1);
    const wiring = typeof context === 'string' && WIRING_CONTEXTS.has(context);
    this.write(wiring ? 'debug' : 'info', message, params);
  }
  error = (message: unknown, ...params: unknown[]): void => this.write('error', message, params);
  warn = (message: unknown, ...params: unknown[]): void => this.write('warn', message, params);
  debug = (message: unknown, ...params: unknown[]): void => this.write('debug', message, params);
  verbose = (message: unknown, ...params: unknown[]): void => this.write('trace', message, params);
  fatal = (message: unknown, ...params: unknown[]): void => this.write('fatal', message, params);

  private write(level: Level, message: unknown, params: unknown[]): void {
    const last = params.at(-1);
    const context = typeof last === 'string' ? last : undefined;
    const logger = this.loggerFor(context);
    if (!logger.isLevelEnabled(level)) {
      return;
    }
    const stack = level === 'error' && typeof params[0] === 'string' && params.length > 1;
    const extra = stack ? { stack: params[0] } : {};
    if (message instanceof Error) {
      logger[level]({ ...extra, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      logger[level]({ ...extra, ...message });
    } else {
      logger[level](extra, String(message));
    }
  }

  /** One child per context (a handful of class names), its binding serialized once. */
  private loggerFor(context: string | undefined): Logger {
    if (context === undefined) {
      return this.root;
    }
    let logger = this.byContext.get(context);
    if (!logger) {
      logger = this.root.child({ context });
      this.byContext.set(context, logger);
    }
    return logger;
  }
}
