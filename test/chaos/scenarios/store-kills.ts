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
  test: { kills: 2, customers: 100, weeks: 3, rate: 400 },
  default: { kills: 5, customers: 300, weeks: 6, rate: 400 },
  long: { kills: 20, customers: 1_000, weeks: 8, rate: 500 },
} as const;

/**
 * 2. `kill -9` of the store process while ingest appends and the engine works, restarted on the
 * same data directory and port. Ingest must acknowledge only what the store holds; the producer
 * retries everything else with the same message ids; ingest and the engine reconnect by themselves.
 */
export const storeKills: Scenario = {
  id: 2,
  name: 'store kill -9 under load',
  async run(size: RunSize): Promise<ScenarioResult> {
    const { kills, customers, weeks, rate } = SIZES[size];
    const random = new SeededRandom(2);
    const cluster = await ChaosCluster.start({ engines: 1, engineEnv: { HEED_TIMER_QUIET_MS: '2000' } });
    try {
      const calls = populationCalls(2, customers, weeks);
      const load = new SignalLoad(() => cluster.ingest.url, { rate, concurrency: 4 });
      const feeding = load.send(calls);
      const times: Array<number | undefined> = [];
      const notes: string[] = [];
      let injected = 0;
      for (let k = 0; k < kills; k++) {
        await pause(random.int(500, 3_000));
        const killedAt = performance.now();
        await cluster.store.kill9();
        injected++;
        await cluster.restartStore();
        times.push(await probe(cluster.client, load, probeTemplate(calls), killedAt));
      }
      if (load.acknowledged.size >= calls.length) notes.push('the load ended before the last kill');
      await feeding;
      const verdict = await settledVerdict(cluster.client, [], acknowledgedEvents(load), 120_000);
      const crashed = cluster.crashed();
      notes.push(
        `ingest answered 503 ${load.stats.unavailable} times, refused connections ${load.stats.networkErrors} times`,
        ...crashed,
        ...verdict.problems,
      );
      return {
        scenario: '2. store kill -9 under load',
        events: verdict.events,
        faults: `${injected} × kill -9 store`,
        lost: verdict.lost,
        duplicated: verdict.duplicated,
        recovery: recoveries(times),
        passed:
          isClean(verdict) &&
          crashed.length === 0 &&
          load.stats.rejected.length === 0 &&
          load.stats.withoutRetryAfter === 0 &&
          !times.includes(undefined),
        notes,
        verdict,
      };
    } finally {
      await cluster.stop();
    }
  },
};
