/**
 * The harness side of bench/probe.js: signal a server, wait for the snapshot line it appends to its
 * probe file, and difference two snapshots into per-window figures.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The preload flag for a server's node command line. */
export const PROBE_PRELOAD = ['-r', join(resolve(__dirname, '..'), 'probe.js')];

/** Cumulative counters of one server process (see bench/probe.js for how each is measured). */
export interface ProbeSnapshot {
  pid: number;
  cpuUs: number;
  allocatedBytes: number;
  gcCount: number;
  gcPauseMs: number;
  gcMajorCount: number;
  gcMajorPauseMs: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

/** What a server spent in one measured window. */
export interface ProbeWindow {
  cpuUs: number;
  allocatedBytes: number;
  gcCount: number;
  gcPauseMs: number;
  gcMajorCount: number;
  gcMajorPauseMs: number;
}

export class Probe {
  private lines = 0;

  constructor(readonly file: string) {
    writeFileSync(file, '');
  }

  /** Environment variables that point the server's probe at this file. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return { BENCH_PROBE_FILE: this.file, ...extra };
  }

  /** Starts over for a new server process writing to the same file. */
  reset(): void {
    writeFileSync(this.file, '');
    this.lines = 0;
  }

  /** Asks the server for a snapshot and waits (bounded) for it. */
  async snapshot(child: ChildProcess, timeoutMs = 15_000): Promise<ProbeSnapshot> {
    child.kill('SIGUSR2');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const lines = readFileSync(this.file, 'utf8').split('\n').filter(Boolean);
      if (lines.length > this.lines) {
        this.lines = lines.length;
        return JSON.parse(lines[lines.length - 1]!) as ProbeSnapshot;
      }
      if (Date.now() > deadline || child.exitCode !== null) {
        throw new Error(`no probe snapshot from pid ${child.pid} in ${this.file}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

export function difference(before: ProbeSnapshot, after: ProbeSnapshot): ProbeWindow {
  return {
    cpuUs: after.cpuUs - before.cpuUs,
    allocatedBytes: after.allocatedBytes - before.allocatedBytes,
    gcCount: after.gcCount - before.gcCount,
    gcPauseMs: after.gcPauseMs - before.gcPauseMs,
    gcMajorCount: after.gcMajorCount - before.gcMajorCount,
    gcMajorPauseMs: after.gcMajorPauseMs - before.gcMajorPauseMs,
  };
}
