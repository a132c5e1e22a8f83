import { backoffDelay, DEFAULT_STORE_BACKOFF } from './store-backoff';

describe('backoffDelay', () => {
  const ceilings = (random: () => number) =>
    [1, 2, 3, 4, 5, 6, 7, 8, 50].map((failures) => backoffDelay(failures, DEFAULT_STORE_BACKOFF, random));

  it('doubles from 100 ms up to 5 s', () => {
    expect(ceilings(() => 1)).toEqual([100, 200, 400, 800, 1_600, 3_200, 5_000, 5_000, 5_000]);
  });

  it('jitters the upper half of each wait', () => {
    expect(ceilings(() => 0)).toEqual([50, 100, 200, 400, 800, 1_600, 2_500, 2_500, 2_500]);
    expect(backoffDelay(3, DEFAULT_STORE_BACKOFF, () => 0.5)).toBe(300);
  });
});
