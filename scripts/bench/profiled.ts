import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

/**
 * Runs `work` under the V8 CPU profiler of this process when `dir` is set, and writes the profile
 * there as `<name>-<time>.cpuprofile` (open it in Chrome's DevTools or speedscope): a profile of
 * one benchmark phase alone, without the process's start-up or the bench's own setup.
 *
 * With `HEED_BENCH_ALLOCATIONS=1` it also samples allocations, those the collector has already
 * freed included, and writes `<name>-<time>.heapprofile` (DevTools' Memory tab): where the
 * garbage comes from, not only what stays.
 */
export async function profiled<T>(dir: string | undefined, name: string, work: () => Promise<T>): Promise<T> {
  if (dir === undefined || dir === '') return work();
  const allocations = process.env['HEED_BENCH_ALLOCATIONS'] === '1';
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.start');
  if (allocations) {
    await post('HeapProfiler.enable');
    await post('HeapProfiler.startSampling', {
      samplingInterval: 16_384,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }
  try {
    return await work();
  } finally {
    const at = Date.now();
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}-${at}.cpuprofile`), JSON.stringify(profile));
    if (allocations) {
      const { profile: heap } = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
      writeFileSync(join(dir, `${name}-${at}.heapprofile`), JSON.stringify(heap));
    }
    session.disconnect();
  }
}
