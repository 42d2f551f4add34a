/**
 * Core pinning and CPU accounting from the outside, for benchmarks whose server is more than one
 * process (a cluster's primary and workers) and so cannot report its own `process.cpuUsage()`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Pins this process, all its threads, to the given cores (taskset syntax: "1", "0,1"). */
export function pinSelf(cpus: string): void {
  const result = spawnSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], {
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`taskset could not pin the harness to core(s) ${cpus}: ${result.stderr}`);
  }
}

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  ticksPerSecond ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
  return ticksPerSecond;
}

/** Parent pid and user + system CPU ticks from /proc/<pid>/stat (fields 4, 14 and 15). */
function readStat(pid: string): { ppid: number; ticks: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: split after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined; // exited between the directory listing and the read
  }
}

/** CPU time in microseconds used so far by a process and all its live descendants. */
export function treeCpuUs(rootPid: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (/^\d+$/.test(entry)) {
      const stat = readStat(entry);
      if (stat) {
        stats.set(Number(entry), stat);
      }
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = stats.get(p)?.ppid) {
      if (p === rootPid) {
        return true;
      }
    }
    return false;
  };
  let ticks = 0;
  for (const [pid, stat] of stats) {
    if (inTree(pid)) {
      ticks += stat.ticks;
    }
  }
  return (ticks / clockTicks()) * 1e6;
}
