// How Studio writes numbers and times for people. Times are shown in UTC, as the engine records
// them (customer time), so that what the page says matches the streams and the API.

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1_000],
];

/** `2d 3h`, `45min`, `12s`, `250ms`: the two largest units. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))}ms`;
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0 || parts.length > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
    if (parts.length === 2) break;
  }
  return parts.filter((p) => !p.startsWith('0')).join(' ');
}

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
