/** An event proposed for appending: its payload is opaque bytes, never parsed by the store. */
export interface ProposedEvent {
  /** The event id, a UUID string; appends are idempotent by id (see {@link EventStorage.append}). */
  readonly id: string;
  readonly type: string;
  /** `application/json` or `application/octet-stream`, stored and returned as given. */
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

/** An event as stored in the global log. */
export interface RecordedEvent {
  /**
   * The event's place in the global log (`$all`). Positions are strictly increasing and not
   * contiguous; EventStoreDB's commit and prepare positions are both this value.
   */
  readonly position: number;
  readonly streamName: string;
  /** The event's revision in its stream (0-based); {@link TOMBSTONE_REVISION} for a tombstone. */
  readonly revision: number;
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Buffer;
  readonly metadata: Buffer;
  /** When the event was committed, in milliseconds since the Unix epoch. */
  readonly created: number;
}

/**
 * The revision of the tombstone record that a hard delete writes. EventStoreDB shows it as
 * 2^63-1 on the wire; the gRPC layer does that translation.
 */
export const TOMBSTONE_REVISION = -1;

/** The type of the record a hard delete (tombstone) writes into the stream and `$all`. */
export const TOMBSTONE_EVENT_TYPE = '$streamDeleted';

/** The type of a stream metadata event in `$$<stream>`. */
export const METADATA_EVENT_TYPE = '$metadata';

/** The type of a link event (`$>`), whose data is `"<revision>@<stream>"`. */
export const LINK_EVENT_TYPE = '$>';
