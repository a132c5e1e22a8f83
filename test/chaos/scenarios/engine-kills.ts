import { SeededRandom } from '@heed/simulator';
import { ChaosCluster } from '../chaos-cluster';
import { isClean, settledVerdict } from '../invariants';
import {
  acknowledgedEvents,
  pause,
  populationCalls,
  probe,
  probeTemplate,
  recoveries,
  type RunSize,
  type Scenario,
  type ScenarioResult,
} from '../scenario';
import { SignalLoad } from '../signal-load';

const SIZES = {
  test: { kills: 3, customers: 100, weeks: 3, rate: 400 },
  default: { kills: 20, customers: 400, weeks: 6, rate: 400 },
  long: { kills: 50, customers: 1_000, weeks: 8, rate: 500 },
} as const;

/**
 * 1. `kill -9` of the engine at random points while ingest is fed, restarted each time: after each
 * kill a new signal must come out the other end, and afterwards the store must hold every
 * acknowledged event once and exactly the outputs of a fresh fold.
 */
export const engineKills: Scenario = {
  id: 1,
  name: 'engine kill -9 under load',
  async run(size: RunSize): Promise<ScenarioResult> {
    const { kills, customers, weeks, rate } = SIZES[size];
    const random = new SeededRandom(1);
    const cluster = await ChaosCluster.start({ engines: 1, engineEnv: { HEED_TIMER_QUIET_MS: '2000' } });
    try {
      const calls = populationCalls(1, customers, weeks);
      const load = new SignalLoad(() => cluster.ingest.url, { rate, concurrency: 4 });
      const feeding = load.send(calls);
      const times: Array<number | undefined> = [];
      const notes: string[] = [];
      let injected = 0;
      for (let k = 0; k < kills; k++) {
        // A random point of the engine's work: between right after it came up and two seconds on.
        await pause(random.int(50, 2_000));
        const engine = cluster.engines[0]!;
        const killedAt = performance.now();
        await engine.kill9();
        injected++;
        await cluster.startEngine(0);
        times.push(await probe(cluster.client, load, probeTemplate(calls), killedAt));
      }
      if (load.acknowledged.size >= calls.length) notes.push('the load ended before the last kill');
      await feeding;
      const verdict = await settledVerdict(cluster.client, [], acknowledgedEvents(load), 120_000);
      const crashed = cluster.crashed();
      notes.push(...crashed, ...verdict.problems);
      return {
        scenario: '1. engine kill -9 under load',
        events: verdict.events,
        faults: `${injected} × kill -9 engine`,
        lost: verdict.lost,
        duplicated: verdict.duplicated,
        recovery: recoveries(times),
        passed:
          isClean(verdict) && crashed.length === 0 && load.stats.rejected.length === 0 && !times.includes(undefined),
        notes,
        verdict,
      };
    } finally {
      await cluster.stop();
    }
  },
};
