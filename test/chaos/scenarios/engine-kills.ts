import { killsUnderLoad } from '../kills-under-load';
import type { RunSize, Scenario, ScenarioResult } from '../scenario';

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
  run: (size: RunSize): Promise<ScenarioResult> =>
    killsUnderLoad({
      scenario: '1. engine kill -9 under load',
      seed: 1,
      ...SIZES[size],
      // A random point of the engine's work: between right after it came up and two seconds on.
      gapMs: [50, 2_000],
      fault: 'kill -9 engine',
      async kill(cluster) {
        await cluster.engines[0]!.kill9();
        await cluster.startEngine(0);
      },
    }),
};
