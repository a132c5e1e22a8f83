/** Milliseconds in a minute, an hour, a day. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The simulated period: from `start` (epoch ms) for `days` days. */
export type SimulationWindow = Readonly<{ start: number; days: number; end: number }>;

/** The window of `weeks` weeks from `start` (ISO-8601). */
export function simulationWindow(start: string, weeks: number): SimulationWindow {
  const from = Date.parse(start);
  if (Number.isNaN(from)) throw new RangeError(`start: expected an ISO-8601 instant, got ${JSON.stringify(start)}`);
  if (!(weeks > 0)) throw new RangeError(`weeks: expected a positive number, got ${weeks}`);
  const days = Math.round(weeks * 7);
  return { start: from, days, end: from + days * DAY };
}
