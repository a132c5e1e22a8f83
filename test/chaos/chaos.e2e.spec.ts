import { killEveryProcess } from './heed-process';
import type { ScenarioResult } from './scenario';
import { engineKills } from './scenarios/engine-kills';
import { ingestOverload } from './scenarios/ingest-overload';
import { storeKills } from './scenarios/store-kills';

/** What a failing scenario says about itself, beside its numbers. */
const explain = (result: ScenarioResult): string => `${result.scenario}: ${result.notes.join('\n')}`;

// The short run of `npm run chaos` (issue #24): real processes for the store, ingest and engine,
// faults injected, invariants checked from the store. Each scenario cleans up after itself.
describe('fault injection (short run of npm run chaos)', () => {
  afterAll(() => killEveryProcess());

  it.each([engineKills, storeKills, ingestOverload])(
    '$id. $name: nothing lost, nothing doubled, recovered',
    async (scenario) => {
      const result = await scenario.run('test');
      expect({ lost: result.lost, duplicated: result.duplicated, passed: result.passed, why: explain(result) }).toEqual(
        {
          lost: 0,
          duplicated: 0,
          passed: true,
          why: explain(result),
        },
      );
    },
    180_000,
  );
});
