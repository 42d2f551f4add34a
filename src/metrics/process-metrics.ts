import { collectDefaultMetrics, Counter, Registry } from 'prom-client';
import { droppedLogLines } from '../logging/root-logger';

let processRegistry: Registry | undefined;

/**
 * prom-client's default metrics (CPU, memory, heap, event loop lag, GC, handles) and the log lines
 * dropped by a stalled stdout, once per process:
 * they describe the process, not one app, and collecting them starts monitors (event loop delay,
 * GC observer) that are never stopped, so a process that boots several apps (the tests) must not
 * start them again for each.
 */
export function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
    new Counter({
      name: 'ata_log_lines_dropped_total',
      help: 'Log lines dropped because stdout was not read fast enough',
      registers: [processRegistry],
      collect() {
        this.reset();
        this.inc(droppedLogLines());
      },
    });
  }
  return processRegistry;
}
