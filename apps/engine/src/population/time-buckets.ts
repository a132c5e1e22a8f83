/** The buckets of customer time the read model counts in: transitions per minute, history per hour. */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** The longest transitions window (a week) and a day to spare: older minutes are dropped. */
export const TRANSITIONS_KEPT_MS = 8 * DAY_MS;

export const minuteOf = (ms: number): number => Math.floor(ms / MINUTE_MS);
export const hourOf = (ms: number): number => Math.floor(ms / HOUR_MS);
