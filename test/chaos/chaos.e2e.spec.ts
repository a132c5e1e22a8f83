import { killEveryProcess } from './heed-process';
import type { ScenarioResult } from './scenario';
import { scenarios } from './scenarios';

/** What a failing scenario says about itself, beside its numbers. */
const explain = (result: ScenarioResult): string => `${result.scenario}: ${result.notes.join('\n')}`;

/**
 * Scenarios left out of the short run, with the reason; `npm run chaos` runs them. 3 starts four
 * engine processes (each compiles its sources as it starts: the longest start of the suite on two
 * busy cores), and replicas sharing customers and taking over are covered in one process by
 * apps/engine/test/replicas.int.spec.ts.
 */
const NOT_IN_SHORT_RUN: ReadonlyMap<number, string> = new Map([[3, 'four engine processes; see replicas.int.spec.ts']]);

// The short run of `npm run chaos` (issue #24): real processes for the store, ingest and engine,
// faults injected, invariants checked from the store. Each scenario cleans up after itself.
describe('fault injection (short run of npm run chaos)', () => {
  afterAll(() => killEveryProcess());

  it.each(scenarios.filter((s) => !NOT_IN_SHORT_RUN.has(s.id)))(
    '$id. $name: nothing lost, nothing doubled, recovered',
    async (scenario) => {
      const result = await scenario.run('test');
      // A scenario that cannot run here (scenario 6 needs to mount a tmpfs) says why instead.
      if (result.skipped !== undefined) {
        console.warn(`${result.scenario} skipped: ${result.skipped}`);
        expect(result.skipped).toMatch(/mount/);
        return;
      }
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
