import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, rmdirSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChaosCluster } from '../chaos-cluster';
import { settledBy } from '../engine-metrics';
import { isClean, settledVerdict } from '../invariants';
import {
  acknowledgedEvents,
  pause,
  populationCalls,
  probe,
  probeTemplate,
  seconds,
  type RunSize,
  type Scenario,
  type ScenarioResult,
} from '../scenario';
import { SignalLoad } from '../signal-load';

/** `tmpfs`: the size of the data directory's file system, room for the run and small enough to fill at once. */
const SIZES = {
  test: { fullMs: 4_000, customers: 40, weeks: 2, rate: 300, beforeMs: 1_000, tmpfs: '64m' },
  default: { fullMs: 15_000, customers: 300, weeks: 6, rate: 400, beforeMs: 5_000, tmpfs: '256m' },
  long: { fullMs: 30_000, customers: 1_000, weeks: 8, rate: 500, beforeMs: 10_000, tmpfs: '768m' },
} as const;
const SCENARIO = '6. data directory disk full';

/** Mounts a tmpfs of `size` on a new directory; the reason instead where mounting is not permitted. */
function mountTmpfs(size: string): { dir: string } | { refused: string } {
  const dir = mkdtempSync(join(tmpdir(), 'heed-chaos-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return { dir };
  } catch (error) {
    rmdirSync(dir);
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return { refused: `cannot mount a tmpfs here (${stderr || String(error)}); run as root to include it` };
  }
}

function unmount(dir: string): void {
  try {
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes `file` until the file system has no space left; returns the bytes written. */
function fill(file: string): number {
  const chunk = Buffer.alloc(1024 * 1024, 0x5a);
  const fd = openSync(file, 'w');
  let written = 0;
  try {
    for (;;) {
      try {
        written += writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
        throw error;
      }
    }
    // The last pages too: a tmpfs may take a short write before it says ENOSPC.
    for (const size of [65_536, 4_096, 512, 1]) {
      try {
        for (;;) written += writeSync(fd, chunk.subarray(0, size));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

/**
 * 6. The store's data directory runs out of space while ingest is fed: the scenario mounts a small
 * tmpfs as the data directory (it needs root; it is skipped, saying why, where mounting is not
 * permitted), fills it with a file, and frees the space again after a while. Producers must be
 * answered 503 with `Retry-After` meanwhile, never 500 (nothing acknowledged that the store did not
 * write); the engine must park nothing (the store unable to write is not a signal's fault); neither
 * service may exit, work resumes once space returns, and the data stays whole: the store is killed
 * and started again on the same directory before the final check. The producer retries any 5xx, as
 * the Segment SDKs do, so that a 500 is counted rather than ending the load.
 */
export const diskFull: Scenario = {
  id: 6,
  name: 'data directory disk full',
  async run(size: RunSize): Promise<ScenarioResult> {
    const { fullMs, customers, weeks, rate, beforeMs, tmpfs } = SIZES[size];
    const mounted = mountTmpfs(tmpfs);
    if ('refused' in mounted) {
      return {
        scenario: SCENARIO,
        events: 0,
        faults: '–',
        lost: 0,
        duplicated: 0,
        recovery: '–',
        passed: false,
        notes: [mounted.refused],
        skipped: mounted.refused,
      };
    }
    let cluster: ChaosCluster | undefined;
    try {
      cluster = await ChaosCluster.start({
        engines: 1,
        dataDir: mounted.dir,
        engineEnv: { HEED_TIMER_QUIET_MS: '2000' },
      });
      const running = cluster;
      const calls = populationCalls(6, customers, weeks);
      const load = new SignalLoad(() => running.ingest.url, { rate, concurrency: 4, retryServerErrors: true });
      const feeding = load.send(calls);
      await pause(beforeMs);

      const filler = join(mounted.dir, 'filler');
      const before = { ...load.stats, acknowledged: load.acknowledged.size };
      const filled = fill(filler);
      const free = statfsSync(mounted.dir);
      await pause(fullMs);
      const during = {
        unavailable: load.stats.unavailable - before.unavailable,
        serverErrors: load.stats.serverErrors - before.serverErrors,
        acknowledged: load.acknowledged.size - before.acknowledged,
      };
      const freedAt = performance.now();
      rmSync(filler);
      const recovered = await probe(running.client, load, probeTemplate(calls), freedAt);
      await feeding;
      const settled = await settledVerdict(running.client, [], acknowledgedEvents(load), 120_000);
      // Whole after a crash too: the store is killed and reopens its files from the same directory.
      await running.restartStore();
      const verdict = await settledVerdict(running.client, [], acknowledgedEvents(load), 60_000);
      const crashed = running.crashed();
      const engineLog = running.engines[0]?.log ?? '';
      const engineSaid = [
        /[^\n"]{0,40}cannot serve[^\n"]{0,160}/.exec(engineLog)?.[0],
        /[^\n"]{0,40}serves [^\n"]{0,80} again[^\n"]{0,40}/.exec(engineLog)?.[0],
      ].filter((line) => line !== undefined);
      const engineSettled = await settledBy(running.engines[0]!);
      const groupParked = Number(
        (await running.client.getPersistentSubscriptionToStreamInfo('$ce-customer', running.group)).stats
          .parkedMessageCount,
      );
      const notes = [
        `filled ${Math.round(filled / 1024 / 1024)} MB (${free.bavail * free.bsize} bytes left) for ${seconds(fullMs)}: ` +
          `ingest answered 503 ${during.unavailable} times, another 5xx ${during.serverErrors} times ` +
          `(${load.stats.serverErrors} in the whole run: ${JSON.stringify(load.stats.serverErrorCodes)}) ` +
          `(${load.stats.withoutRetryAfter} without Retry-After), acknowledged ${during.acknowledged} calls meanwhile`,
        `the engine logged: ${engineSaid.length > 0 ? engineSaid.join(' … ') : 'nothing about it'}`,
        `the engine's signals: ${JSON.stringify(engineSettled)}; the group's parked messages: ${groupParked}`,
        `before the store's restart: ${isClean(settled) ? 'clean' : 'NOT clean'}; after it: ${isClean(verdict) ? 'clean' : 'NOT clean'}`,
        ...crashed,
        ...settled.problems,
        ...verdict.problems,
      ];
      return {
        scenario: SCENARIO,
        events: verdict.events,
        faults: `1 × disk full ${seconds(fullMs)}`,
        lost: verdict.lost,
        duplicated: verdict.duplicated,
        recovery: seconds(recovered),
        passed:
          isClean(settled) &&
          isClean(verdict) &&
          crashed.length === 0 &&
          load.stats.rejected.length === 0 &&
          load.stats.withoutRetryAfter === 0 &&
          // Producers are told to retry (503), never that ingest failed (500).
          during.unavailable > 0 &&
          load.stats.serverErrors === 0 &&
          // The store being unable to write is not the signals' fault: nothing parked.
          (engineSettled['parked'] ?? 0) === 0 &&
          groupParked === 0 &&
          recovered !== undefined,
        notes,
        verdict,
      };
    } finally {
      await cluster?.stop();
      unmount(mounted.dir);
    }
  },
};
