// Preloaded into a benchmarked server (`node -r ./bench/probe.js …`), never into production: on
// SIGUSR2 it appends one JSON line of cumulative counters to the file named by BENCH_PROBE_FILE,
// so the harness can difference two snapshots around a measured window without any hook in the
// service's own code. With BENCH_PROBE_GC=1 (and --expose-gc) it collects garbage first, so heap
// figures are live data only (bench:soak).
//
// - CPU: process.cpuUsage(), microseconds, user + system, all threads of the process.
// - Allocation: V8 has no public "bytes allocated so far" counter, but every byte allocated on the
//   heap is in use until a collection frees it. v8.GCProfiler (public since Node 18.15) reports the
//   used heap size before and after every collection, so the bytes allocated between two
//   collections are used-before-this-one minus used-after-the-previous-one; summed, plus the growth
//   since the last collection, that is the heap allocation (off-heap Buffer memory is not included).
// - GC pauses: perf_hooks 'gc' entries (count and duration, split by minor and major kind).
'use strict';
const { appendFileSync } = require('node:fs');
const { PerformanceObserver, constants } = require('node:perf_hooks');
const v8 = require('node:v8');

const file = process.env.BENCH_PROBE_FILE;
const collectFirst = process.env.BENCH_PROBE_GC === '1';

let profiler = new v8.GCProfiler();
profiler.start();
let usedAfterLastGc = v8.getHeapStatistics().used_heap_size;
let allocatedBytes = 0;

const gc = { count: 0, pauseMs: 0, majorCount: 0, majorPauseMs: 0 };
const countGc = (entries) => {
  for (const entry of entries) {
    gc.count++;
    gc.pauseMs += entry.duration;
    if (entry.detail && entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
      gc.majorCount++;
      gc.majorPauseMs += entry.duration;
    }
  }
};
const observer = new PerformanceObserver((list) => countGc(list.getEntries()));
observer.observe({ entryTypes: ['gc'] });

process.on('SIGUSR2', () => {
  if (collectFirst && typeof global.gc === 'function') {
    global.gc();
  }
  // Restarting the profiler hands over what it recorded; a collection in between is not missed
  // for the sum (its allocation is counted at the next one's "before").
  for (const { beforeGC, afterGC } of profiler.stop().statistics) {
    allocatedBytes += beforeGC.heapStatistics.usedHeapSize - usedAfterLastGc;
    usedAfterLastGc = afterGC.heapStatistics.usedHeapSize;
  }
  profiler = new v8.GCProfiler();
  profiler.start();
  countGc(observer.takeRecords());
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  const line = JSON.stringify({
    pid: process.pid,
    cpuUs: cpu.user + cpu.system,
    allocatedBytes: allocatedBytes + v8.getHeapStatistics().used_heap_size - usedAfterLastGc,
    gcCount: gc.count,
    gcPauseMs: gc.pauseMs,
    gcMajorCount: gc.majorCount,
    gcMajorPauseMs: gc.majorPauseMs,
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    heapTotal: memory.heapTotal,
    external: memory.external,
  });
  if (file) {
    appendFileSync(file, `${line}\n`);
  } else {
    process.stderr.write(`BENCH_PROBE ${line}\n`);
  }
});
