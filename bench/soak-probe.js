// Preloaded into the server by bench:soak only (`node --expose-gc -r ./bench/soak-probe.js`):
// on SIGUSR2, collect garbage and print one line with the process's memory, so the harness can
// sample RSS and heap-after-GC without any hook in the production code.
'use strict';
process.on('SIGUSR2', () => {
  if (typeof global.gc === 'function') {
    global.gc();
  }
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  process.stderr.write(`SOAK_MEMORY ${JSON.stringify({ rss, heapUsed, heapTotal, external })}\n`);
});
