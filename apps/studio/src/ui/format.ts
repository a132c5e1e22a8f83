// How Studio writes numbers and times for people. Times are shown in UTC, as the engine records
// them (customer time), so that what the page says matches the streams and the API.

// Durations are written as the engine writes them on the chart's arrows.
export { formatDuration } from '@heed/statechart';

/** `2026-03-02 05:47:00 UTC`, or `—` when there is no time. */
export function formatTime(iso: string | null | undefined): string {
  if (iso == null) return '—';
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return `${time.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

// One formatter for every count: `toLocaleString` builds a new one on each call.
const COUNT_FORMAT = new Intl.NumberFormat('en-US');

/** `12,345`. */
export const formatCount = (n: number): string => COUNT_FORMAT.format(n);
