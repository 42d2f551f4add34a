// Imported first by main.ts: the SDK must patch modules before the application requires them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTracing } from './start-tracing';

const { version } = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'),
) as { version: string };

// The SDK's own OTEL_* variables (not our configuration contract), read before any module loads;
// the exporter reads the rest of them itself.
// eslint-disable-next-line no-restricted-properties
const provider = startTracing(process.env, version);
if (provider !== undefined) {
  // A drained shutdown empties the event loop: export what is still queued before exiting.
  process.once('beforeExit', () => {
    void provider.shutdown();
  });
}
