import { formatDuration } from './format-duration';

describe('durations for people', () => {
  it.each([
    [0, '0ms'],
    [250, '250ms'],
    [12_000, '12s'],
    [45 * 60_000, '45min'],
    [2 * 86_400_000 + 3 * 3_600_000 + 60_000, '2d 3h'],
    [86_400_000 + 30_000, '1d'],
  ])('%i ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
