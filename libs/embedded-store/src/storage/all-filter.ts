/**
 * A server-side filter of `$all`: on the stream name or on the event type, by prefixes (any of
 * them) or by a regular expression, as EventStoreDB's `FilterOptions`.
 */
export interface AllFilter {
  readonly on: 'stream' | 'eventType';
  readonly prefixes?: readonly string[];
  readonly regex?: RegExp;
}

/** Whether an event passes a filter (everything passes no filter). */
export function passesFilter(filter: AllFilter | undefined, streamName: string, eventType: string): boolean {
  if (filter === undefined) return true;
  const subject = filter.on === 'stream' ? streamName : eventType;
  if (filter.regex !== undefined && !filter.regex.test(subject)) return false;
  if (filter.prefixes !== undefined && filter.prefixes.length > 0) {
    return filter.prefixes.some((prefix) => subject.startsWith(prefix));
  }
  return true;
}
