import { type EventFilter, type SourcePosition } from './event-source';
import { type ResolvedRecord, type StoredRecord } from './stored-record';

/** An event to append on the store's own behalf (checkpoints, parked links, configuration). */
export type NewRecord = Readonly<{
  id: string;
  type: string;
  isJson: boolean;
  data: Uint8Array;
  metadata: Uint8Array;
}>;

export type StreamPage = Readonly<{ records: readonly ResolvedRecord[]; isEnd: boolean }>;

export type AllPage = Readonly<{
  records: readonly ResolvedRecord[];
  isEnd: boolean;
  /** The last position examined, matching or not, so a filtered read moves on past gaps. */
  scannedTo: SourcePosition | undefined;
}>;

/**
 * What the persistent subscription service needs of the store's storage. It is a narrow port so
 * that the service is tested on its own and adapted to the storage in one place
 * (`storage-persistent-store.ts`).
 */
export interface PersistentStore {
  /** Events of a stream from `fromRevision` (inclusive) on; an empty end page when there is no stream. */
  readStream(streamId: string, fromRevision: bigint, maxCount: number, resolveLinks: boolean): Promise<StreamPage>;
  /**
   * Events of `$all` from `from` (inclusive; the beginning when undefined) that pass the filter and
   * are not hidden from `$all` groups (`isSystemEventHiddenFromAll`).
   */
  readAll(
    from: SourcePosition | undefined,
    maxCount: number,
    resolveLinks: boolean,
    filter: EventFilter | undefined,
  ): Promise<AllPage>;
  /** The last event of a stream, if any. */
  lastRecord(streamId: string): Promise<StoredRecord | undefined>;
  /** The position of the last event in `$all`, if any. */
  endPosition(): Promise<SourcePosition | undefined>;
  append(streamId: string, records: readonly NewRecord[]): Promise<void>;
  /** Soft-deletes a stream; nothing when it does not exist. */
  deleteStream(streamId: string): Promise<void>;
  /** Calls `listener` after each commit; returns the unsubscribe. */
  onCommit(listener: () => void): () => void;
}
