/**
 * A memory cgroup for a benchmarked server, so that it runs as in a container with that memory
 * limit: Node reads the limit at start (`process.constrainedMemory()`) and sizes V8's heap, young
 * generation included, from it instead of from the machine's memory. Needs root and a writable
 * cgroup file system (v1 memory controller, or v2); elsewhere creating it throws the reason.
 */
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MemoryCgroup {
  /** The command line that joins the cgroup, then runs `command` (exec: same process). */
  wrap(command: string[]): string[];
  remove(): void;
}

export function createMemoryCgroup(limitMiB: number): MemoryCgroup {
  const own = readFileSync('/proc/self/cgroup', 'utf8').split('\n');
  const v1 = own.find((line) => /^\d+:([^:]*,)?memory(,[^:]*)?:/.test(line));
  const line = v1 ?? own.find((entry) => entry.startsWith('0::'));
  if (line === undefined) {
    throw new Error('no memory cgroup found in /proc/self/cgroup');
  }
  const path = line.slice(line.lastIndexOf(':') + 1);
  const dir = join(v1 ? '/sys/fs/cgroup/memory' : '/sys/fs/cgroup', path, `bench-${process.pid}`);
  mkdirSync(dir);
  writeFileSync(
    join(dir, v1 ? 'memory.limit_in_bytes' : 'memory.max'),
    String(limitMiB * 1024 * 1024),
  );
  return {
    wrap: (command) => [
      'sh',
      '-c',
      `echo $$ > ${join(dir, 'cgroup.procs')} && exec "$@"`,
      'sh',
      ...command,
    ],
    remove: () => rmdirSync(dir),
  };
}
