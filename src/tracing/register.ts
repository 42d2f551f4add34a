// Imported first by main.ts: the SDK must patch modules before the application requires them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tracingEnabled } from './tracing-switch';

// The SDK's own OTEL_* variables (not our configuration contract), read before any module loads;
// the exporter reads the rest of them itself.
// eslint-disable-next-line no-restricted-properties
if (tracingEnabled(process.env)) {
  // Loaded only when on: the SDK takes ~1 s to load here, which a service without a collector
  // must not pay at every start.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startTracing } = require('./start-tracing') as typeof import('./start-tracing');
  const { version } = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'),
  ) as { version: string };
  const provider = startTracing(version);
  // A drained shutdown empties the event loop: export what is still queued before exiting.
  process.once('beforeExit', () => {
    void provider.shutdown();
  });
}
