import { defaultLifecycleConfig } from '@heed/domain';
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
    // A group set in part keeps the defaults of its other settings.
    expect(readLifecycleOverride('{"longSilenceDays":"Infinity","rhythm":{"settlesAfterDays":"Infinity"}}')).toEqual({
      longSilenceDays: Number.POSITIVE_INFINITY,
      rhythm: { ...defaultLifecycleConfig.rhythm, settlesAfterDays: Number.POSITIVE_INFINITY },
    });
  });

  it('refuses an override that is not JSON, not an object, or names a setting the lifecycle does not have', async () => {
    await expect(run('--lifecycle', '{longSilenceDays:')).rejects.toThrow('--lifecycle: expected JSON');
    await expect(run('--lifecycle', '[1]')).rejects.toThrow('--lifecycle: expected a JSON object of settings');
    await expect(run('--lifecycle', '{"spendOtherTypicalFactor":0}')).rejects.toThrow(
      '--lifecycle: spendOtherTypicalFactor: not a setting; did you mean spendOthersTypicalFactor?',
    );
    await expect(run('--lifecycle', '{"rhythm":{"speed":2}}')).rejects.toThrow(
      '--lifecycle: rhythm.speed: not a setting',
    );
  });

  it('refuses a setting of another kind than its default', () => {
    // A string is truthy: "false" would have run the other version.
    expect(() => readLifecycleOverride('{"shopsNewInNewCountry":"false"}')).toThrow(
      '--lifecycle: shopsNewInNewCountry: expected a boolean, got "false"',
    );
    expect(() => readLifecycleOverride('{"rhythm":5}')).toThrow('--lifecycle: rhythm: expected an object, got 5');
    expect(() => readLifecycleOverride('{"pricingPaths":"/pricing"}')).toThrow(
      '--lifecycle: pricingPaths: expected an array, got "/pricing"',
    );
    expect(() => readLifecycleOverride('{"pricingPaths":["Infinity"]}')).not.toThrow();
    expect(readLifecycleOverride('{"pricingPaths":["Infinity"]}')).toEqual({ pricingPaths: ['Infinity'] });
    expect(() => readLifecycleOverride('{"evidenceLevels":[0.5,"x"]}')).toThrow(
      '--lifecycle: evidenceLevels[1]: expected a number, got "x"',
    );
    // Numbers in their range, "Infinity" included where the range has no end.
    expect(() => readLifecycleOverride('{"atRiskScore":"Infinity"}')).toThrow(
      '--lifecycle: atRiskScore: expected a number from 0 to 100, got Infinity',
    );
    expect(() => readLifecycleOverride('{"spendOthersTypicalFactor":-1}')).toThrow(
      '--lifecycle: spendOthersTypicalFactor: expected a number at least 0, got -1',
    );
    expect(readLifecycleOverride('{"shopsNewInNewCountry":true,"atRiskScore":60}')).toEqual({
      shopsNewInNewCountry: true,
      atRiskScore: 60,
    });
  });
});
