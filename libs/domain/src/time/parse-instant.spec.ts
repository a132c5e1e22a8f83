import fc from 'fast-check';
import { parseInstant } from './parse-instant';

const sameAsDateParse = (instant: string) => expect(parseInstant(instant)).toBe(Date.parse(instant));

describe('parseInstant', () => {
  it('reads any instant written by toISOString as Date.parse does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('0000-01-01T00:00:00.000Z'), max: Date.parse('9999-12-31T23:59:59.999Z') }),
        (millis) => {
          const instant = new Date(millis).toISOString();
          expect(parseInstant(instant)).toBe(millis);
          sameAsDateParse(instant.replace(/\.\d{3}Z$/, 'Z'));
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('agrees with Date.parse on leap days, month ends and the edges of the calendar', () => {
    for (const instant of [
      '2024-02-29T12:00:00.000Z',
      '2100-02-29T00:00:00.000Z',
      '2000-02-29T23:59:59.999Z',
      '2026-02-30T00:00:00.000Z',
      '2026-04-31T00:00:00Z',
      '1969-12-31T23:59:59.999Z',
      '0000-01-01T00:00:00.000Z',
      '0000-03-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
      '2026-01-01T24:00:00.000Z',
    ]) {
      sameAsDateParse(instant);
    }
  });

  it('leaves other forms to Date.parse: offsets, no seconds, other fractions, nonsense', () => {
    for (const instant of [
      '2026-03-02T09:00:00+02:00',
      '2026-03-02T09:00:00.000+02:00',
      '2026-03-02T09:00Z',
      '2026-03-02T09:00:00.5Z',
      '2026-03-02T09:00:00.123456Z',
      '2026-13-02T09:00:00.000Z',
      '2026-03-02T09:60:00.000Z',
      '2026-03-02T09:00:60.000Z',
      '2026-03-0xT09:00:00.000Z',
      '2026-03-02 09:00:00.000Z',
      '+02026-03-02T09:00:00.000Z',
      '',
      'not a time at all, 24 ch',
    ]) {
      sameAsDateParse(instant);
    }
  });

  it.each([
    ['digits only', '0123456789'],
    ['digits and strays', '0123456789x-'],
  ])('agrees with Date.parse on any string of the canonical shape (%s)', (_name, alphabet) => {
    const field = (n: number) => fc.string({ unit: fc.constantFrom(...alphabet), minLength: n, maxLength: n });
    fc.assert(
      fc.property(
        fc.tuple(field(4), field(2), field(2), field(2), field(2), field(2), field(3), fc.boolean()),
        ([y, mo, d, h, mi, s, ms, fraction]) =>
          sameAsDateParse(`${y}-${mo}-${d}T${h}:${mi}:${s}${fraction ? `.${ms}` : ''}Z`),
      ),
      { numRuns: 5_000 },
    );
  });
});
