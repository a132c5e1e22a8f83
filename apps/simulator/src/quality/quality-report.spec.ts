import { generatePopulation } from '@heed/simulator';
import { foldQuality } from './fold-quality';
import { renderQualityFigures } from './quality-report';

describe('renderQualityFigures', () => {
  it('reports each seed with its figures, their intervals and the goals', () => {
    const population = generatePopulation({ seed: 4, customers: 200, weeks: 6 });
    const run = { ...foldQuality(population), delivery: 'simulated' as const, steps: 0, timersFired: 0 };
    const { churn } = run.quality;

    const figures = renderQualityFigures([{ population: population.options, run }], {}, 'npm run quality');
    const lines = figures.split('\n');

    // The figures' row, then the intervals' row of the same seed, holding the point estimates
    expect(lines).toContain('| seed | churn precision | churn recall | churn FPR | median lead (days) |');
    const row = lines.find((l) => /^\| 4 \| \d+\.\d–\d+\.\d %/.test(l));
    expect(row).toBeDefined();
    const [precision, recall, , lead] = row!
      .split('|')
      .slice(2, 6)
      .map((cell) => cell.trim().replace(' %', '').split('–').map(Number));
    expect(precision![0]! / 100).toBeLessThanOrEqual(churn.precision);
    expect(precision![1]! / 100).toBeGreaterThanOrEqual(churn.precision);
    expect(recall![0]! / 100).toBeLessThanOrEqual(churn.recall);
    expect(recall![1]! / 100).toBeGreaterThanOrEqual(churn.recall);
    expect(lead![0]!).toBeLessThanOrEqual(Number(churn.medianLeadDays.toFixed(1)));
    expect(lead![1]!).toBeGreaterThanOrEqual(Number(churn.medianLeadDays.toFixed(1)));
    expect(figures).toContain('### Against the goals');
    expect(figures).toContain('replies to verification SMS) in simulated time,');
  });
});
