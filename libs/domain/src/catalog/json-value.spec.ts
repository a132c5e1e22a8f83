import fc from 'fast-check';
import { isPlainJson, toPlainJson } from './json-value';

describe('isPlainJson', () => {
  it('accepts only what toPlainJson accepts, for any value', () => {
    fc.assert(
      fc.property(
        fc.anything({ withNullPrototype: true, withBoxedValues: true, withMap: true, withDate: true, maxDepth: 10 }),
        (value) => {
          if (isPlainJson(value)) expect(toPlainJson(value, 'properties').ok).toBe(true);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('accepts any JSON document that toPlainJson accepts', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 10 }), (value) => {
        expect(isPlainJson(value)).toBe(toPlainJson(value, 'properties').ok);
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses what JSON cannot hold and what is too big', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 9; i++) deep = { deep };
    for (const value of [undefined, NaN, Infinity, () => 1, new Date(0), [undefined], { a: 1n }, deep]) {
      expect(isPlainJson(value)).toBe(false);
      expect(toPlainJson(value, 'properties').ok).toBe(false);
    }
    expect(isPlainJson(Array.from({ length: 1_001 }, () => 0))).toBe(false);
    expect(isPlainJson(Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`k${i}`, i])))).toBe(false);
  });
});
