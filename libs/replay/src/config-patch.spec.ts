import { defaultLifecycleConfig } from '@heed/domain';
import { completePatch } from './config-patch';
import { ReplayError } from './replay-error';

const ranges = { atRiskScore: { min: 0, max: 100 }, 'evidenceLevels[]': { min: 0, max: 1 } };
const check = (patch: unknown) => completePatch(patch, defaultLifecycleConfig, { ranges }, 'change.json');
const refusal = (patch: unknown): ReplayError => {
  try {
    check(patch);
  } catch (error) {
    return error as ReplayError;
  }
  throw new Error('the patch was accepted');
};

describe('a change file of lifecycle settings', () => {
  it('takes known settings of the right type', () => {
    expect(check({ atRiskScore: 55, pricingPaths: ['/pricing'] })).toEqual({
      atRiskScore: 55,
      pricingPaths: ['/pricing'],
    });
  });

  it('completes a nested setting with the defaults it leaves out', () => {
    expect(check({ evidencePrior: { weekdayUse: 0.7 } })).toEqual({
      evidencePrior: { ...defaultLifecycleConfig.evidencePrior, weekdayUse: 0.7 },
    });
  });

  it('names an unknown setting and the one it probably means', () => {
    const error = refusal({ atRiskScroe: 55 });
    expect(error).toBeInstanceOf(ReplayError);
    expect(error.code).toBe('INVALID_CHANGE');
    expect(error.message).toBe('change.json: atRiskScroe: not a setting; did you mean atRiskScore?');
  });

  it('names a nested unknown setting with its path', () => {
    expect(refusal({ evidencePrior: { weekdayUsage: 0.7 } }).message).toMatch(
      /^change\.json: evidencePrior\.weekdayUsage: not a setting; did you mean evidencePrior\.weekdayUse\?/,
    );
  });

  it('says what type was expected and what was found', () => {
    expect(refusal({ atRiskScore: '55' }).message).toBe('change.json: atRiskScore: expected a number, got "55"');
    expect(refusal({ pricingPaths: '/pricing' }).message).toBe(
      'change.json: pricingPaths: expected an array, got "/pricing"',
    );
    expect(refusal({ pricingPaths: [3] }).message).toBe('change.json: pricingPaths[0]: expected a string, got 3');
  });

  it('refuses numbers out of range', () => {
    expect(refusal({ atRiskScore: 150 }).message).toBe(
      'change.json: atRiskScore: expected a number from 0 to 100, got 150',
    );
    expect(refusal({ evidenceLevels: [0.5, 2] }).message).toBe(
      'change.json: evidenceLevels[1]: expected a number from 0 to 1, got 2',
    );
    expect(refusal({ cartRecoveryDelayMs: -1 }).message).toBe(
      'change.json: cartRecoveryDelayMs: expected a number at least 0, got -1',
    );
  });

  it('refuses anything but an object', () => {
    expect(refusal([1]).message).toBe('change.json: expected a JSON object of settings, got an array');
  });

  it('reads "Infinity" as infinity only where the rules allow it, and within the range', () => {
    expect(refusal({ longSilenceDays: 'Infinity' }).message).toBe(
      'change.json: longSilenceDays: expected a number, got "Infinity"',
    );
    const withInfinity = (patch: unknown) =>
      completePatch(patch, defaultLifecycleConfig, { ranges, infinity: true }, 'change.json');
    expect(withInfinity({ longSilenceDays: 'Infinity' })).toEqual({ longSilenceDays: Number.POSITIVE_INFINITY });
    expect(() => withInfinity({ atRiskScore: 'Infinity' })).toThrow(
      'change.json: atRiskScore: expected a number from 0 to 100, got Infinity',
    );
    expect(() => withInfinity({ longSilenceDays: Number.POSITIVE_INFINITY })).toThrow(
      'change.json: longSilenceDays: expected a number, got Infinity',
    );
  });
});
