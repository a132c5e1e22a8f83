import { SeededRandom } from '@heed/simulator';
import { ChaosCluster, type ClusterOptions } from './chaos-cluster';
import { isClean, settledVerdict } from './invariants';
import {
  acknowledgedEvents,
  pause,
  populationCalls,
  probe,
  probeTemplate,
  recoveries,
  type ScenarioResult,
} from './scenario';
import { SignalLoad } from './signal-load';

/** One "kills under load" run: how big, how often, and what is killed. */
export interface KillsUnderLoad {
  /** The row's name in the chaos table, e.g. `1. engine kill -9 under load`. */
  readonly scenario: string;
  /** Seeds the population and the random points of the kills. */
  readonly seed: number;
  readonly kills: number;
  readonly customers: number;
  readonly weeks: number;
  /** Calls per second offered through ingest. */
  readonly rate: number;
  /** The random wait before each kill, in ms: [shortest, longest]. */
  readonly gapMs: readonly [number, number];
  /** What one fault is, in the table's words: `kill -9 engine`. */
  readonly fault: string;
  readonly cluster?: ClusterOptions;
  /** Kills the process and starts it again (same data, same address). */
  kill(cluster: ChaosCluster): Promise<void>;
  /** What the scenario measured besides the invariants. */
  readonly notes?: (load: SignalLoad) => readonly string[];
  /** The scenario's own expectations besides the invariants (true when it has none). */
  readonly expect?: (load: SignalLoad) => boolean;
}

/**
 * The loop scenarios 1 and 2 share: feed a simulated population through ingest at a steady rate,
 * kill a process at seeded random points and restart it, measure after each kill how long until a
 * new signal comes out the other end, and check the store once everything is in.
 */
export async function killsUnderLoad(run: KillsUnderLoad): Promise<ScenarioResult> {
  const random = new SeededRandom(run.seed);
  const cluster = await ChaosCluster.start({
    engines: 1,
    engineEnv: { HEED_TIMER_QUIET_MS: '2000' },
    ...run.cluster,
  });
  try {
    const calls = populationCalls(run.seed, run.customers, run.weeks);
    const load = new SignalLoad(() => cluster.ingest.url, { rate: run.rate, concurrency: 4 });
    const feeding = load.send(calls);
    const times: Array<number | undefined> = [];
    const notes: string[] = [];
    let injected = 0;
    // A process that exited by itself will not recover: the run stops there and says why (its log).
    const hopeless = (): boolean => cluster.crashed().length > 0;
    for (let k = 0; k < run.kills && !hopeless(); k++) {
      await pause(random.int(run.gapMs[0], run.gapMs[1]));
      const killedAt = performance.now();
      await run.kill(cluster);
      injected++;
      times.push(await probe(cluster.client, load, probeTemplate(calls), killedAt, { hopeless }));
    }
    if (load.acknowledged.size >= calls.length) notes.push('the load ended before the last kill');
    if (hopeless()) load.stop();
    await feeding;
    const verdict = await settledVerdict(cluster.client, [], acknowledgedEvents(load), hopeless() ? 5_000 : 120_000);
    const crashed = cluster.crashed();
    notes.push(...(run.notes?.(load) ?? []), ...crashed, ...verdict.problems);
    return {
      scenario: run.scenario,
      events: verdict.events,
      faults: `${injected} × ${run.fault}`,
      lost: verdict.lost,
      duplicated: verdict.duplicated,
      recovery: recoveries(times),
      passed:
        isClean(verdict) &&
        crashed.length === 0 &&
        load.stats.rejected.length === 0 &&
        !times.includes(undefined) &&
        (run.expect?.(load) ?? true),
      notes,
      verdict,
    };
  } finally {
    await cluster.stop();
  }
}
