import { formatTime } from './format';

describe('formats for people', () => {
  it('writes instants in UTC, to the second', () => {
    expect(formatTime('2026-03-05T02:47:00.123Z')).toBe('2026-03-05 02:47:00 UTC');
    expect(formatTime(null)).toBe('—');
  });
});
