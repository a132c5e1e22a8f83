import { qualityCommand } from './quality-command';

describe('npm run quality -- --ceiling', () => {
  const run = async (...args: string[]): Promise<string[]> => {
    const printed: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
      printed.push(parts.join(' '));
    });
    try {
      await qualityCommand()
        .exitOverride()
        .configureOutput({ writeErr: () => undefined, outputError: () => undefined })
        .parseAsync(['node', 'quality', ...args]);
    } finally {
      log.mockRestore();
    }
    return printed;
  };

  it('prints the knowing detector figures per seed, as a table and as JSON', async () => {
    const printed = await run('--ceiling', '--seeds', '4', '--customers', '60', '--weeks', '6', '--json');
    expect(printed[0]).toContain('Seed 4, 60 customers, 6 weeks');
    expect(printed[0]).toContain('| chance of "fading" | churn precision |');
    const [figures] = JSON.parse(printed.at(-1)!) as Array<{
      seed: number;
      points: Array<{ threshold: number; subscribers: number; falsePositives: number }>;
    }>;
    expect(figures!.seed).toBe(4);
    expect(figures!.points.map((p) => p.threshold)).toEqual([0.5, 0.6, 0.7, 0.8, 0.9, 0.95]);
    expect(figures!.points[0]!.subscribers).toBeGreaterThan(10);
    const falsePositives = figures!.points.map((p) => p.falsePositives);
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
