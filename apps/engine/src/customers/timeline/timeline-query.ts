import { invalidParameter } from '../customer-query.error';
import { parseAfter, type TimelineAfter } from './timeline-cursor';

export const DEFAULT_TIMELINE_LIMIT = 100;
export const MAX_TIMELINE_LIMIT = 1_000;

/** A request for a page of a timeline: where it starts and how many items at most. */
export interface TimelineQuery {
  readonly after: TimelineAfter;
  readonly limit: number;
}

/** Reads `?after=&limit=`; a bad value is a 400 that names the parameter. */
export function parseTimelineQuery(query: { readonly after?: unknown; readonly limit?: unknown }): TimelineQuery {
  const { limit } = query;
  const parsed =
    limit === undefined
      ? DEFAULT_TIMELINE_LIMIT
      : typeof limit === 'string' && /^\d{1,4}$/.test(limit)
        ? Number(limit)
        : NaN;
  if (!(parsed >= 1 && parsed <= MAX_TIMELINE_LIMIT)) {
    throw invalidParameter('limit', `an integer from 1 to ${MAX_TIMELINE_LIMIT}`, limit);
  }
  return { after: parseAfter(query.after), limit: parsed };
}
