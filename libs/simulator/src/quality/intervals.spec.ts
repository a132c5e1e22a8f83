import { medianInterval, proportionInterval } from './intervals';

describe('proportionInterval', () => {
  it('gives the Wilson score interval of a published example (81 of 263: 0.2553–0.3662)', () => {
    const interval = proportionInterval(81, 263)!;

    expect(interval.low).toBeCloseTo(0.2553, 3);
    expect(interval.high).toBeCloseTo(0.3662, 3);
  });

  it('stays within 0 and 1 at the edges, and is not empty there', () => {
    expect(proportionInterval(0, 20)!.low).toBe(0);
    expect(proportionInterval(0, 20)!.high).toBeGreaterThan(0.1);
    expect(proportionInterval(20, 20)!.high).toBe(1);
    expect(proportionInterval(20, 20)!.low).toBeLessThan(0.9);
  });

  it('narrows as the population grows, around the same rate', () => {
    const small = proportionInterval(170, 200)!;
    const large = proportionInterval(850, 1000)!;

    expect(large.low).toBeGreaterThan(small.low);
    expect(large.high).toBeLessThan(small.high);
    expect(large.low).toBeLessThan(0.85);
    expect(large.high).toBeGreaterThan(0.85);
  });

  it('widens with the confidence asked for', () => {
    const ninety = proportionInterval(50, 100, 0.9)!;
    const ninetyNine = proportionInterval(50, 100, 0.99)!;

    expect(ninetyNine.low).toBeLessThan(ninety.low);
    expect(ninetyNine.high).toBeGreaterThan(ninety.high);
  });

  it('is null without trials and refuses counts that are not a proportion', () => {
    expect(proportionInterval(0, 0)).toBeNull();
    expect(() => proportionInterval(5, 3)).toThrow(RangeError);
    expect(() => proportionInterval(1.5, 3)).toThrow(RangeError);
  });
});

describe('medianInterval', () => {
  it('takes the order statistics of ranks 40 and 61 of 100 values (the textbook 95 % ranks)', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);

    expect(medianInterval(values)).toEqual({ low: 40, high: 61 });
  });

  it('covers the whole range for a handful of values, and is null for none', () => {
    expect(medianInterval([2, 3, 7])).toEqual({ low: 2, high: 7 });
    expect(medianInterval([])).toBeNull();
  });
});
