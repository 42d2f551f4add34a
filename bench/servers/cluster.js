// bench:cluster only: the compiled service (dist/main.js, configured as bench:http's (a)) in
// BENCH_WORKERS workers of node:cluster. SCHED_NONE: every worker accepts on the one shared
// listening socket and the kernel spreads connections, so the primary takes no part in requests
// (the default round-robin policy would have it accept every connection and pass it on).
// SIGTERM is passed to the workers; the primary exits when they have.
'use strict';
const cluster = require('node:cluster');
const { join } = require('node:path');

if (cluster.isPrimary) {
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  const workers = Number(process.env.BENCH_WORKERS || 2);
  let alive = 0;
  for (let i = 0; i < workers; i++) {
    cluster.fork();
    alive++;
  }
  cluster.on('exit', () => {
    if (--alive === 0) {
      process.exit(0);
    }
  });
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers)) {
      worker.process.kill('SIGTERM');
    }
  });
} else {
  require(join(__dirname, '..', '..', 'dist', 'main.js'));
}
