import { type SourcePosition } from './event-source';

/** One event as stored, in the shape the persistent subscription service needs of it. */
export type StoredRecord = Readonly<{
  id: string;
  streamId: string;
  revision: bigint;
  type: string;
  isJson: boolean;
  data: Uint8Array;
  metadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as the client expects in `created`. */
  created: bigint;
  position: SourcePosition;
}>;

/**
 * An event as a subscriber receives it: `event` is the event itself or a link's target (absent
 * when the target is gone), `link` the link record when the event was reached through one.
 */
export type ResolvedRecord = Readonly<{
  event: StoredRecord | undefined;
  link: StoredRecord | undefined;
}>;

/** The record through which the subscription met the event: the link when there is one. */
export const originalRecord = (resolved: ResolvedRecord): StoredRecord => {
  const original = resolved.link ?? resolved.event;
  if (original === undefined) throw new TypeError('a resolved record carries an event or a link');
  return original;
};

export const LINK_EVENT_TYPE = '$>';

/**
 * The stream an event belongs to for pinning: the target's stream for a resolved link, and for an
 * unresolved link the stream named in its `<revision>@<stream>` data.
 */
export const sourceStreamOf = (resolved: ResolvedRecord): string => {
  const record = resolved.event ?? originalRecord(resolved);
  if (record.type !== LINK_EVENT_TYPE) return record.streamId;
  const text = Buffer.from(record.data).toString('utf8');
  const at = text.indexOf('@');
  return at === -1 ? text : text.slice(at + 1);
};
