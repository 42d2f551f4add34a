// Preloaded into a benchmarked server by bench:profile (`node -r ./bench/alloc-sampler.js …`), never
// into production. The first SIGUSR2 starts V8's sampling heap profiler keeping the samples of
// objects already collected (so it sees every allocation, not only what survives); the second
// writes the profile to BENCH_ALLOC_FILE. Where the bytes were allocated, by call stack.
'use strict';
const { renameSync, writeFileSync } = require('node:fs');
const { Session } = require('node:inspector');

const file = process.env.BENCH_ALLOC_FILE;
const session = new Session();
session.connect();
let sampling = false;

process.on('SIGUSR2', () => {
  if (!sampling) {
    sampling = true;
    session.post('HeapProfiler.enable');
    session.post('HeapProfiler.startSampling', {
      samplingInterval: 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    return;
  }
  session.post('HeapProfiler.stopSampling', (error, result) => {
    if (error) {
      throw error;
    }
    // Renamed into place, so the harness never reads half a file.
    writeFileSync(`${file}.part`, JSON.stringify(result.profile));
    renameSync(`${file}.part`, file);
  });
});
