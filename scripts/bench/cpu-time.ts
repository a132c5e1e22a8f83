import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * CPU time of processes over a stretch of a benchmark, to be divided by the work done in it: the
 * cost of one event, which a shared machine's noise moves much less than a rate.
 *
 * This process's time comes from `process.cpuUsage()` (µs); another process's from
 * `/proc/<pid>/stat` (utime + stime, in clock ticks of usually 10 ms: good to a fraction of a per
 * cent over runs of seconds). Both count every thread of the process: the event loop, the garbage
 * collector, libuv's pool.
 */

/** Clock ticks per second, for `/proc/<pid>/stat`: 100 on Linux unless the kernel says otherwise. */
const ticksPerSecond = ((): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU time (user + system) in µs used so far by this process (no `pid`, or this process's), or by
 * the process `pid` (from `/proc`; NaN where there is none, e.g. off Linux or once it has exited).
 */
export function cpuMicros(pid?: number): number {
  if (pid === undefined || pid === process.pid) {
    const { user, system } = process.cpuUsage();
    return user + system;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    return ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond) * 1e6;
  } catch {
    return Number.NaN;
  }
}

/** The CPU each process used between `cpuMeter()` and `read()`, in µs, by the names it was given. */
export interface CpuMeter<K extends string> {
  read(): Record<K, number>;
}

/**
 * Starts measuring the CPU of named processes: `undefined` (or this process's pid) for this one,
 * a pid for another. `read()` may be called more than once; each gives the time since the start.
 */
export function cpuMeter<K extends string>(processes: Record<K, number | undefined>): CpuMeter<K> {
  const names = Object.keys(processes) as K[];
  const start = new Map(names.map((name) => [name, cpuMicros(processes[name])]));
  return {
    read: () =>
      Object.fromEntries(names.map((name) => [name, cpuMicros(processes[name]) - start.get(name)!])) as Record<
        K,
        number
      >,
  };
}

/** The CPU time `work` took in each process, beside its result. */
export async function withCpu<T, K extends string>(
  processes: Record<K, number | undefined>,
  work: () => Promise<T>,
): Promise<{ result: T; cpu: Record<K, number> }> {
  const meter = cpuMeter(processes);
  const result = await work();
  return { result, cpu: meter.read() };
}
