import { Counter, type Registry } from 'prom-client';
import type { ReloadState } from '../config/agora-projects';

/** Configuration reloads (SIGHUP or a changed file), read from the holder at scrape time. */
export function registerConfigReloadMetrics(registry: Registry, state: () => ReloadState): void {
  new Counter({
    name: 'ata_config_reloads_total',
    help: 'Reloads of the Agora projects and certificates: applied, or rejected as invalid (the running configuration stays)',
    labelNames: ['outcome'] as const,
    registers: [registry],
    collect() {
      const { applied, rejected } = state();
      this.reset();
      this.inc({ outcome: 'applied' }, applied);
      this.inc({ outcome: 'rejected' }, rejected);
    },
  });
}
