import { generatePopulation } from '@heed/simulator';
import { foldQuality } from './fold-quality';
import { foldChurnSweep } from './fold-sweep';

describe('foldChurnSweep', () => {
  it('gives at every threshold the churn figures of a whole fold at that threshold', () => {
    // Given a population with stayers, churners and customers on a break
    const population = generatePopulation({ seed: 4, customers: 400, weeks: 8 });
    const thresholds = [45, 65, 85];

    // When it is swept in one fold
    const points = foldChurnSweep(population, {}, thresholds);

    // Then each threshold's figures are those of a fold run at that threshold
    expect(points.map((p) => p.threshold)).toEqual(thresholds);
    for (const { threshold, churn } of points) {
      const whole = foldQuality(population, { atRiskScore: threshold }).quality.churn;
      const counts = (c: typeof churn) => [c.truePositives, c.falsePositives, c.falseNegatives, c.trueNegatives];
      expect({ threshold, counts: counts(churn), leadDays: churn.leadDays }).toEqual({
        threshold,
        counts: counts(whole),
        leadDays: whole.leadDays,
      });
    }
    // and the thresholds differ: a lower one flags more stayers
    expect(points[0]!.churn.falsePositives).toBeGreaterThan(points[2]!.churn.falsePositives);
  });
});
