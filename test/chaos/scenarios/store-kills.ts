import { killsUnderLoad } from '../kills-under-load';
import type { RunSize, Scenario, ScenarioResult } from '../scenario';

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
  run: (size: RunSize): Promise<ScenarioResult> =>
    killsUnderLoad({
      scenario: '2. store kill -9 under load',
      seed: 2,
      ...SIZES[size],
      gapMs: [500, 3_000],
      fault: 'kill -9 store',
      async kill(cluster) {
        await cluster.store.kill9();
        await cluster.restartStore();
      },
      notes: (load) => [
        `ingest answered 503 ${load.stats.unavailable} times, refused connections ${load.stats.networkErrors} times`,
      ],
      expect: (load) => load.stats.withoutRetryAfter === 0,
    }),
};
