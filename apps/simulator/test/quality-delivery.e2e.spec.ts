import { generatePopulation } from '@heed/simulator';
import { runQuality, type QualityRun } from '../src/quality/run-quality';

/** What a run decided and measured, as plain data (a readable diff when they differ). */
const decidedAndMeasured = (run: QualityRun) => ({
  decisions: Object.fromEntries(run.decisions),
  quality: run.quality,
});

describe('quality run delivery (ingest → store → engine)', () => {
  it('decides the same in a burst as in simulated time: timers work in event time', async () => {
    // Given a small population with subscribers, shoppers and cardholders
    const population = generatePopulation({ seed: 1, customers: 40, weeks: 2, idPrefix: 'delivery-' });

    // When its history goes through the whole system in simulated time, then all at once
    const simulated = await runQuality(population);
    const burst = await runQuality(population, { delivery: 'burst' });

    // Then the burst sent every signal and the reference fold's replies
    expect(burst.delivery).toBe('burst');
    expect(burst.signalsSent).toBe(population.signals.length + burst.replies);
    // and every customer's flags, freezes and commands (each SMS answered), and so the figures, are the simulated run's
    expect(decidedAndMeasured(burst)).toEqual(decidedAndMeasured(simulated));
  }, 90_000);
});
