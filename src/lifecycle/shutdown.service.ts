import { Injectable } from '@nestjs/common';

/**
 * Whether this process is shutting down. Set once, on SIGTERM/SIGINT (graceful-shutdown.ts), and
 * read by readiness (503 from then on) and by the drain hook (`Connection: close`).
 */
@Injectable()
export class ShutdownService {
  private drainingNow = false;

  get draining(): boolean {
    return this.drainingNow;
  }

  beginDraining(): void {
    this.drainingNow = true;
  }
}
