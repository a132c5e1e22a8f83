import { printedBy } from '../../test/printed-by';
import { readLifecycleOverride } from '../quality/quality-command';
import type { JourneyResult } from './run-journeys';
import { journeysCommand } from './journeys-command';

const run = (...args: string[]): Promise<string[]> => printedBy(journeysCommand(), ...args);

const gone = 'every weekday for three weeks, then gone without cancelling';
const actedOn = (printed: string[], name: string): number =>
  (JSON.parse(printed.at(-1)!) as JourneyResult[]).find((r) => r.name === name)!.acted;

describe('npm run journeys', () => {
  it('prints a Markdown table by default', async () => {
    const printed = await run('--customers', '2');
    expect(printed[0]).toMatch(/^\| kind \| journey \| should be \| flagged \/ frozen \| when \|/);
    expect(printed[0]).toContain(`| churn | ${gone} | flagged | 2 / 2 |`);
  });

  it('folds under a lifecycle override, "Infinity" standing for infinity', async () => {
    expect(actedOn(await run('--customers', '3', '--json'), gone)).toBe(3);
    const off = await run('--customers', '3', '--json', '--lifecycle', '{"longSilenceDays":"Infinity"}');
    expect(actedOn(off, gone)).toBe(0);
    expect(readLifecycleOverride('{"longSilenceDays":"Infinity","rhythm":{"factor":"Infinity"}}')).toEqual({
      longSilenceDays: Number.POSITIVE_INFINITY,
      rhythm: { factor: Number.POSITIVE_INFINITY },
    });
  });

  it('refuses an override that is not JSON', async () => {
    await expect(run('--lifecycle', '{longSilenceDays:')).rejects.toThrow('--lifecycle: expected JSON');
  });
});
