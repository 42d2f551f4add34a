import { Injectable, Logger, type LoggerService } from '@nestjs/common';

/**
 * Terminus's logger (TerminusModule.forRoot({ logger })). Terminus logs every failing check at
 * error level ("Health Check has failed!" with the details); a 503 from readiness is the probe
 * doing its job (draining after SIGTERM, keys not loaded yet) and the orchestrator acts on it.
 * Whoever needs the details has the 503 body, or LOG_LEVEL=debug: anything terminus reports goes
 * to debug, so probes polling a draining replica cannot fill the error log.
 */
@Injectable()
export class ProbeOutcomeLogger implements LoggerService {
  private readonly logger = new Logger('Health');

  log(message: unknown): void {
    this.logger.debug(message);
  }
  error(message: unknown): void {
    this.logger.debug(message);
  }
  warn(message: unknown): void {
    this.logger.debug(message);
  }
  debug(message: unknown): void {
    this.logger.debug(message);
  }
  verbose(message: unknown): void {
    this.logger.verbose(message);
  }
}
