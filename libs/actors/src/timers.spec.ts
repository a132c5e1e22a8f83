import { nextDue, type PendingTimer } from './timers';

const at = (iso: string) => Date.parse(iso);
const timer = (timerId: string, dueAt: string, seq?: number): PendingTimer => ({
  timerId,
  dueAt,
  event: { type: `xstate.after.${timerId}` },
  ...(seq === undefined ? {} : { seq }),
});

describe('nextDue', () => {
  it('finds the earliest due timer among those due, ties in the order they were set, then by id', () => {
    const timers = {
      b: timer('b', '2026-03-02T10:00:00.000Z', 1),
      a: timer('a', '2026-03-02T10:00:00.000Z', 2),
      c: timer('c', '2026-03-02T09:00:00.000Z', 3),
      later: timer('later', '2026-03-02T12:00:00.000Z', 0),
    };
    expect(nextDue(timers, at('2026-03-02T11:00:00.000Z'))?.timerId).toBe('c');
    expect(nextDue({ a: timers.a, b: timers.b }, at('2026-03-02T10:00:00.000Z'))?.timerId).toBe('b');
    expect(
      nextDue(
        { y: timer('y', '2026-03-02T10:00:00.000Z'), x: timer('x', '2026-03-02T10:00:00.000Z') },
        at('2026-03-02T10:00:00.000Z'),
      )?.timerId,
    ).toBe('x');
    expect(nextDue(timers, at('2026-03-02T08:59:59.999Z'))).toBeUndefined();
  });

  it('answers the same when asked again with the same timers, and reads a timer set anew', () => {
    const first = timer('day-end', '2026-03-02T23:59:59.999Z', 0);
    const timers = { 'day-end': first };
    const midnight = at('2026-03-03T00:00:00.000Z');
    expect(nextDue(timers, midnight)).toBe(first);
    expect(nextDue(timers, midnight)).toBe(first);
    // Set again: a new object with a new due time, never the old one changed.
    const again = { 'day-end': { ...first, dueAt: '2026-03-03T23:59:59.999Z' } };
    expect(nextDue(again, midnight)).toBeUndefined();
    expect(nextDue(again, at('2026-03-04T00:00:00.000Z'))).toBe(again['day-end']);
  });

  it('skips a timer without a readable due time, and an entry that is not a timer', () => {
    const unreadable = timer('bad', 'not a time');
    const corrupt = { odd: 'not a timer' } as unknown as Record<string, PendingTimer>;
    const due = timer('ok', '2026-03-02T10:00:00.000Z');
    expect(nextDue({ bad: unreadable, ok: due }, at('2026-03-03T00:00:00.000Z'))).toBe(due);
    expect(nextDue({ ...corrupt, ok: due }, at('2026-03-03T00:00:00.000Z'))).toBe(due);
    expect(nextDue(corrupt, at('2026-03-03T00:00:00.000Z'))).toBeUndefined();
  });
});
