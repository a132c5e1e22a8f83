import fc from 'fast-check';
import { formatInstant } from './format-instant';

const sameAsToISOString = (millis: number) => expect(formatInstant(millis)).toBe(new Date(millis).toISOString());

describe('formatInstant', () => {
  it('writes any time of the four-digit years as toISOString does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('0000-01-01T00:00:00.000Z'), max: Date.parse('9999-12-31T23:59:59.999Z') }),
        sameAsToISOString,
      ),
      { numRuns: 10_000 },
    );
  });

  it('agrees with toISOString on leap days, month and year ends and the edges of the calendar', () => {
    for (const instant of [
      '2024-02-29T12:00:00.000Z',
      '2000-02-29T23:59:59.999Z',
      '2100-03-01T00:00:00.000Z',
      '2026-12-31T23:59:59.999Z',
      '1970-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999Z',
      '0000-01-01T00:00:00.000Z',
      '0000-02-29T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
    ]) {
      sameAsToISOString(Date.parse(instant));
    }
  });

  it('leaves fractions, years beyond four digits and invalid times to toISOString', () => {
    for (const millis of [0.5, -0.5, 1e15, -1e14, 253_402_300_800_000, -62_167_219_200_001]) sameAsToISOString(millis);
    expect(() => formatInstant(Number.NaN)).toThrow(RangeError);
  });
});
