import { decodeCursor, type PageCursor } from './page-cursor';
import { PopulationQueryError, type PopulationErrorCode } from './population-errors';
import { DAY_MS, HOUR_MS } from './time-buckets';

/** The windows of `/transitions`, by name. */
export const TRANSITION_WINDOWS = { hour: HOUR_MS, day: DAY_MS, week: 7 * DAY_MS } as const;
export type TransitionWindow = keyof typeof TRANSITION_WINDOWS;

export const HISTORY_DAYS = { default: 14, max: 90 } as const;
export const PAGE_LIMIT = { default: 50, max: 500 } as const;

/**
 * Reads the query parameters of the population endpoints. A parameter given twice comes as an
 * array from the HTTP layer, and is refused like any other value that is not what is expected.
 */
export const parseWindow = (raw: unknown): TransitionWindow => {
  if (raw === undefined) return 'day';
  if (typeof raw === 'string' && Object.hasOwn(TRANSITION_WINDOWS, raw)) return raw as TransitionWindow;
  throw invalid('INVALID_PARAMETER', 'window', `expected hour, day or week, got ${shown(raw)}`);
};

export const parseDays = (raw: unknown): number => integerIn(raw, 'days', 1, HISTORY_DAYS.max) ?? HISTORY_DAYS.default;

export const parseLimit = (raw: unknown): number => integerIn(raw, 'limit', 1, PAGE_LIMIT.max) ?? PAGE_LIMIT.default;

export const parseCursor = (raw: unknown): PageCursor | undefined => {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw invalid('INVALID_CURSOR', 'cursor', `expected one cursor, got ${shown(raw)}`);
  return decodeCursor(raw);
};

function integerIn(raw: unknown, path: string, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (value >= min && value <= max) return value;
  throw invalid('INVALID_PARAMETER', path, `expected an integer from ${min} to ${max}, got ${shown(raw)}`);
}

const invalid = (code: PopulationErrorCode, path: string, message: string) =>
  new PopulationQueryError(code, path, message);

const shown = (raw: unknown): string => JSON.stringify(raw)?.slice(0, 80) ?? String(raw);
