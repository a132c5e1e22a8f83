import { generatePopulation } from '@heed/simulator';
import { foldQuality } from '../src/quality/fold-quality';
import { runQuality } from '../src/quality/run-quality';

describe('quality run (ingest → store → engine in simulated time)', () => {
  it('measures a tiny population against its ground truth', async () => {
    // Given a small population with churners and a cardholder
    const population = generatePopulation({ seed: 5, customers: 14, weeks: 4, idPrefix: `e2e-${process.pid}-` });
    const churners = population.customers.filter((c) => c.truth.kind === 'saas' && c.truth.churnsAt !== null);
    const transactions = population.customers.flatMap((c) =>
      c.truth.kind === 'cardholder' ? c.truth.transactionIds : [],
    );

    // When it runs through the whole system
    const run = await runQuality(population, { maxStepMs: 24 * 3_600_000 });

    // Then every signal was accepted, every customer was read back, and the counts agree with the truth
    expect(run.signalsSent).toBe(population.signals.length + run.replies);
    expect(run.decisions.size).toBe(population.customers.length);
    expect(run.quality.churn.churners).toBe(churners.length);
    expect(run.quality.churn.truePositives + run.quality.churn.falseNegatives).toBe(churners.length);
    expect(run.quality.fraud.transactions).toBe(transactions.length);
    // and the engine decided something: the subscribers' lifecycles moved
    const commands = [...run.decisions.values()].flatMap((d) => Object.keys(d.commands));
    expect(commands.length).toBeGreaterThan(0);
    // and the lifecycle machine alone, folded in memory, decides the same (what `--in-memory` relies on)
    const folded = foldQuality(population);
    expect([...run.decisions.values()].filter((d) => d.churnFlags.length > 0).length).toBeGreaterThan(0);
    for (const [customerId, decided] of run.decisions) {
      expect({ customerId, churnFlags: folded.decisions.get(customerId)?.churnFlags }).toEqual({
        customerId,
        churnFlags: decided.churnFlags,
      });
    }
  }, 90_000);
});
