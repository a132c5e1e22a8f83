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

/**
 * Records EventStoreDB leaves out of every read of `$all` (its default `$all` filter): the epoch
 * records and the checkpoints and parked messages of persistent subscriptions to `$all`, which would
 * otherwise feed those groups their own bookkeeping. They stay readable in their own streams.
 */
export function hiddenFromAll(streamName: string): boolean {
  return (
    streamName === '$epoch-information' ||
    (streamName.startsWith('$persistentsubscription-$all::') &&
      (streamName.endsWith('-checkpoint') || streamName.endsWith('-parked')))
  );
}

/** A name in a regular expression: letters, digits, `_`, `-`, and any other character escaped. */
const NAME = String.raw`(?:[A-Za-z0-9_-]|\\[^A-Za-z0-9])+`;
const NAMED_TYPES = new RegExp(String.raw`^\^(?:\((?:\?:)?(${NAME}(?:\|${NAME})*)\)|(${NAME}))\$$`);

/**
 * The event types a filter lets through when it names them (`^(A|B)$`, `^(?:A|B)$`, `^A$`, names
 * escaped as `escapeRegex` writes them), as a JSON array for SQLite; undefined for any other filter.
 */
export function namedTypes(filter: AllFilter): string | undefined {
  // A subscription reads page after page with one filter: it is read once.
  if (namedTypesOf.has(filter)) return namedTypesOf.get(filter);
  const types = readNamedTypes(filter);
  namedTypesOf.set(filter, types);
  return types;
}

const namedTypesOf = new WeakMap<AllFilter, string | undefined>();

function readNamedTypes(filter: AllFilter): string | undefined {
  if (filter.on !== 'eventType' || filter.regex === undefined || filter.regex.flags !== '') return undefined;
  if (filter.prefixes !== undefined && filter.prefixes.length > 0) return undefined;
  const match = NAMED_TYPES.exec(filter.regex.source);
  const names = match?.[1] ?? match?.[2];
  if (names === undefined) return undefined;
  return JSON.stringify(names.split('|').map((name) => name.replace(/\\(.)/g, '$1')));
}
