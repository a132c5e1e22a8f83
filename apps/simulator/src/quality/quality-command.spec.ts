import { printedBy } from '../../test/printed-by';
import { qualityCommand } from './quality-command';

const run = (...args: string[]): Promise<string[]> => printedBy(qualityCommand(), ...args);

type ThresholdPoint = { threshold: number; subscribers: number; falsePositives: number; truePositives: number };

/** The first seed's figures from the JSON line a `--json` run prints last. */
const firstSeedPoints = (printed: string[]): { seed: number; points: ThresholdPoint[] } =>
  (JSON.parse(printed.at(-1)!) as Array<{ seed: number; points: ThresholdPoint[] }>)[0]!;

describe('npm run quality -- --ceiling', () => {
  it('prints the knowing detector figures per seed, as a table and as JSON', async () => {
    const printed = await run('--ceiling', '--seeds', '4', '--customers', '60', '--weeks', '6', '--json');
    expect(printed[0]).toContain('Seed 4, 60 customers, 6 weeks');
    expect(printed[0]).toContain('| chance of "fading" | churn precision |');
    const figures = firstSeedPoints(printed);
    expect(figures.seed).toBe(4);
    expect(figures.points.map((p) => p.threshold)).toEqual([0.5, 0.6, 0.7, 0.8, 0.9, 0.95]);
    expect(figures.points[0]!.subscribers).toBeGreaterThan(10);
    const falsePositives = figures.points.map((p) => p.falsePositives);
    expect([...falsePositives].sort((a, b) => b - a)).toEqual(falsePositives);
  });

  it('reads only what it is told to: without how often customers come, the lead shrinks', async () => {
    const args = ['--ceiling', '--seeds', '4', '--customers', '120', '--json'];
    const everything = JSON.parse((await run(...args)).at(-1)!) as Array<{ points: Array<{ medianLeadDays: number }> }>;
    const printed = await run(...args, '--ceiling-reads', 'sessions,pricing,tickets,newsletter');
    expect(printed[0]).toContain('reading sessions, pricing, tickets, newsletter only');
    const without = JSON.parse(printed.at(-1)!) as typeof everything;
    expect(without[0]!.points[3]!.medianLeadDays).toBeLessThan(everything[0]!.points[3]!.medianLeadDays);
    await expect(run('--ceiling', '--ceiling-reads', 'use,mood')).rejects.toThrow('unknown mood');
    await expect(run('--ceiling-reads', 'use')).rejects.toThrow('--ceiling-reads goes with --ceiling');
  });

  it('refuses to mix the ceiling with options that measure Heed', async () => {
    await expect(run('--ceiling', '--in-memory')).rejects.toThrow('--ceiling measures no Heed');
    await expect(run('--ceiling', '--lifecycle', '{"atRiskScore":60}')).rejects.toThrow('--ceiling measures no Heed');
  });
});

describe('npm run quality -- --in-memory --thresholds', () => {
  it('prints the churn figures at each threshold per seed, as a table and as JSON', async () => {
    const printed = await run('--in-memory', '--thresholds', '40,90', '--seeds', '4', '--customers', '80', '--json');
    expect(printed[0]).toContain('Seed 4, 80 customers, 8 weeks, in memory');
    expect(printed[0]).toContain('| `atRiskScore` | churn precision |');
    const figures = firstSeedPoints(printed);
    expect(figures.points.map((p) => p.threshold)).toEqual([40, 90]);
    expect(figures.points[0]!.subscribers).toBeGreaterThan(20);
    expect(figures.points[0]!.falsePositives + figures.points[0]!.truePositives).toBeGreaterThan(
      figures.points[1]!.falsePositives + figures.points[1]!.truePositives,
    );
  });

  it('refuses thresholds outside the in-memory fold or outside 0–100', async () => {
    await expect(run('--thresholds', '60')).rejects.toThrow('--thresholds goes with --in-memory');
    await expect(run('--in-memory', '--thresholds', '60,abc')).rejects.toThrow('expected churn scores 0–100');
    await expect(run('--in-memory', '--thresholds', '120')).rejects.toThrow('expected churn scores 0–100');
  });
});

describe('npm run quality -- --delivery', () => {
  it('refuses a delivery it does not know, naming the ones it does', async () => {
    await expect(run('--delivery', 'fast')).rejects.toThrow(
      "option '--delivery <simulated|burst>' argument 'fast' is invalid. Allowed choices are simulated, burst.",
    );
  });

  it('refuses a burst without the whole system to send it through', async () => {
    await expect(run('--delivery', 'burst', '--in-memory')).rejects.toThrow(
      '--delivery burst sends through the whole system, --in-memory folds without it: drop one',
    );
    await expect(run('--delivery', 'burst', '--ceiling')).rejects.toThrow('--ceiling measures no Heed');
  });
});
