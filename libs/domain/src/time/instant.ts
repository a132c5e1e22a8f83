import { formatInstant } from './format-instant';
import { parseInstant } from './parse-instant';

/** Milliseconds in a minute, an hour, a day: durations in the configuration are milliseconds. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Milliseconds since the epoch of an ISO-8601 instant (already validated by the catalog). */
export const toMillis = (instant: string): number => parseInstant(instant);

/** The ISO-8601 UTC form of an epoch time. */
export const toInstant = (millis: number): string => formatInstant(millis);

/** The UTC day of an instant, in days since the epoch. */
export const dayOf = (instant: string): number => Math.floor(toMillis(instant) / DAY);

/** `instant` plus `millis`. */
export const plus = (instant: string, millis: number): string => toInstant(toMillis(instant) + millis);

/** The later of two instants; `null` counts as the beginning of time. */
export const latest = (a: string | null, b: string): string => (a === null || toMillis(b) > toMillis(a) ? b : a);

/** Whole days from `from` to `to` (0 when `to` is not later). */
export const wholeDaysBetween = (from: string, to: string): number => wholeDaysUntil(from, toMillis(to));

/** Whole days from `from` to the epoch time `toMillis` (0 when it is not later). */
export const wholeDaysUntil = (from: string, to: number): number =>
  Math.max(0, Math.floor((to - toMillis(from)) / DAY));

/** Milliseconds from `from` until `to`, never negative: an overdue delay fires at once. */
export const millisUntil = (from: string | null, to: string | null): number =>
  from === null || to === null ? 0 : Math.max(0, toMillis(to) - toMillis(from));
