/**
 * Where a persistent subscription group reads from: one stream, or `$all` (optionally filtered).
 *
 * Positions are kept as a `{ commit, prepare }` pair for both kinds so that one ordering serves
 * both; a stream position carries the revision in both halves. Checkpoints are written in
 * EventStoreDB's text forms (`"42"` for a stream, `"C:12/P:12"` for `$all`) so that the checkpoint
 * streams read the same as on EventStoreDB.
 */
export type SourcePosition = Readonly<{ commit: bigint; prepare: bigint }>;

/** The `$all` filter of a group, as the client sends it. */
export type EventFilter = Readonly<{
  on: 'streamName' | 'eventType';
  prefixes: readonly string[];
  regex: string | undefined;
}>;

export type EventSource =
  Readonly<{ kind: 'stream'; streamId: string }> | Readonly<{ kind: 'all'; filter: EventFilter | undefined }>;

export const ALL_STREAM = '$all';

/** The name EventStoreDB gives the source in subscription ids and info (`<stream>` or `$all`). */
export const sourceName = (source: EventSource): string => (source.kind === 'all' ? ALL_STREAM : source.streamId);

export const streamPosition = (revision: bigint): SourcePosition => ({ commit: revision, prepare: revision });

export const comparePositions = (a: SourcePosition, b: SourcePosition): number =>
  a.commit < b.commit ? -1 : a.commit > b.commit ? 1 : a.prepare < b.prepare ? -1 : a.prepare > b.prepare ? 1 : 0;

export const formatPosition = (source: EventSource, position: SourcePosition): string =>
  source.kind === 'all' ? `C:${position.commit}/P:${position.prepare}` : position.commit.toString(10);

const ALL_POSITION = /^C:(-?\d+)\/P:(-?\d+)$/;
const STREAM_POSITION = /^-?\d+$/;

/** Reads a checkpoint or start position back from its text form; undefined when it is not one. */
export const parsePosition = (source: EventSource, text: string): SourcePosition | undefined => {
  if (source.kind === 'all') {
    const match = ALL_POSITION.exec(text);
    return match ? { commit: BigInt(match[1]!), prepare: BigInt(match[2]!) } : undefined;
  }
  return STREAM_POSITION.test(text) ? streamPosition(BigInt(text)) : undefined;
};

/**
 * The events a `$all` group never sees, whatever its filter, as with EventStoreDB's default `$all`
 * filter: the epoch stream and the checkpoint and parked streams of `$all` groups, which would
 * otherwise feed the groups their own bookkeeping. Other system streams (`$ce-…`, `$$…`) pass.
 */
export const isSystemEventHiddenFromAll = (streamId: string): boolean =>
  streamId === '$epoch-information' ||
  (streamId.startsWith('$persistentsubscription-$all::') &&
    (streamId.endsWith('-checkpoint') || streamId.endsWith('-parked')));

/** Compiles the filter of a `$all` group once into the test each event of `$all` goes through. */
export const compileAllFilter = (
  filter: EventFilter | undefined,
): ((streamId: string, eventType: string) => boolean) => {
  if (filter === undefined) return (streamId) => !isSystemEventHiddenFromAll(streamId);
  const subjectOf = (streamId: string, eventType: string): string =>
    filter.on === 'streamName' ? streamId : eventType;
  if (filter.regex !== undefined && filter.regex !== '') {
    const regex = new RegExp(filter.regex);
    return (streamId, eventType) => !isSystemEventHiddenFromAll(streamId) && regex.test(subjectOf(streamId, eventType));
  }
  const prefixes = filter.prefixes;
  return (streamId, eventType) =>
    !isSystemEventHiddenFromAll(streamId) &&
    (prefixes.length === 0 || prefixes.some((prefix) => subjectOf(streamId, eventType).startsWith(prefix)));
};
