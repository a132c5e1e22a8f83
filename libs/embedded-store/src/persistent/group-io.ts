import {
  comparePositions,
  type EventSource,
  formatPosition,
  parsePosition,
  type SourcePosition,
  streamPosition,
} from './event-source';
import { type GroupMessage } from './group-message';
import { type PersistentStore } from './persistent-store';
import { originalRecord, type ResolvedRecord } from './stored-record';
import {
  checkpointRecord,
  checkpointStreamOf,
  checkpointText,
  metastreamOf,
  parkedLinkRecord,
  parkedStreamOf,
  streamMetadataRecord,
  truncateBeforeOf,
} from './subscription-streams';

/** Where the next read of the source begins. */
export type ReadCursor =
  | Readonly<{ kind: 'start' }>
  | Readonly<{ kind: 'from'; position: SourcePosition }>
  | Readonly<{ kind: 'after'; position: SourcePosition }>;

export type SourceEntry = Readonly<{ record: ResolvedRecord; position: SourcePosition }>;
export type SourcePage = Readonly<{ entries: readonly SourceEntry[]; isEnd: boolean; next: ReadCursor }>;
export type ParkedEntry = Readonly<{ record: ResolvedRecord; revision: number }>;

/**
 * A group's storage operations, expressed over the store port: reading its source in order and
 * keeping its checkpoint and parked streams. One instance per group.
 */
export class GroupIo {
  private readonly checkpointStream: string;
  private readonly parkedStream: string;
  private checkpointMetadataWritten = false;

  constructor(
    private readonly store: PersistentStore,
    private readonly source: EventSource,
    subscriptionId: string,
    private readonly resolveLinkTos: boolean,
  ) {
    this.checkpointStream = checkpointStreamOf(subscriptionId);
    this.parkedStream = parkedStreamOf(subscriptionId);
  }

  /** The position of a record in this group's source. */
  positionOf(record: ResolvedRecord): SourcePosition {
    const original = originalRecord(record);
    return this.source.kind === 'stream' ? streamPosition(original.revision) : original.position;
  }

  async read(cursor: ReadCursor, count: number): Promise<SourcePage> {
    if (this.source.kind === 'stream') {
      const from =
        cursor.kind === 'start' ? 0n : cursor.kind === 'from' ? cursor.position.commit : cursor.position.commit + 1n;
      const page = await this.store.readStream(this.source.streamId, from, count, this.resolveLinkTos);
      const entries = page.records.map((record) => ({ record, position: this.positionOf(record) }));
      const last = entries.at(-1);
      return { entries, isEnd: page.isEnd, next: last ? { kind: 'after', position: last.position } : cursor };
    }
    const from = cursor.kind === 'start' ? undefined : cursor.position;
    // Reading from a position is inclusive; after a position, one more is read and the first dropped.
    const page = await this.store.readAll(from, count, this.resolveLinkTos, this.source.filter);
    const entries = page.records
      .map((record) => ({ record, position: this.positionOf(record) }))
      .filter((entry) => cursor.kind !== 'after' || comparePositions(entry.position, cursor.position) > 0);
    const scanned = page.scannedTo;
    const next: ReadCursor =
      scanned !== undefined && (cursor.kind === 'start' || comparePositions(scanned, cursor.position) >= 0)
        ? { kind: 'after', position: scanned }
        : cursor;
    return { entries, isEnd: page.isEnd, next };
  }

  /** Where `end` points now: after the last event of the source. */
  async endCursor(): Promise<ReadCursor> {
    if (this.source.kind === 'stream') {
      const last = await this.store.lastRecord(this.source.streamId);
      return last ? { kind: 'after', position: streamPosition(last.revision) } : { kind: 'start' };
    }
    const end = await this.store.endPosition();
    return end ? { kind: 'after', position: end } : { kind: 'start' };
  }

  async loadCheckpoint(): Promise<SourcePosition | undefined> {
    const last = await this.store.lastRecord(this.checkpointStream);
    const text = last ? checkpointText(last) : undefined;
    return text === undefined ? undefined : parsePosition(this.source, text);
  }

  async writeCheckpoint(position: SourcePosition): Promise<void> {
    if (!this.checkpointMetadataWritten) {
      // Only the latest checkpoints matter; EventStoreDB caps the stream at two events.
      await this.store.append(metastreamOf(this.checkpointStream), [streamMetadataRecord({ $maxCount: 2 })]);
      this.checkpointMetadataWritten = true;
    }
    await this.store.append(this.checkpointStream, [checkpointRecord(formatPosition(this.source, position))]);
  }

  async park(message: GroupMessage, reason: string, now: Date): Promise<void> {
    const original = originalRecord(message.record);
    const target = message.record.event ?? { linkData: original.data };
    await this.store.append(this.parkedStream, [parkedLinkRecord(target, reason, original.revision, now)]);
  }

  /** The parked stream's first live revision (its `$tb`) and the revision the next parked link gets. */
  async parkedBounds(): Promise<Readonly<{ first: number; next: number }>> {
    const [meta, last] = await Promise.all([
      this.store.lastRecord(metastreamOf(this.parkedStream)),
      this.store.lastRecord(this.parkedStream),
    ]);
    const next = last ? Number(last.revision) + 1 : 0;
    return { first: Math.min(truncateBeforeOf(meta), next), next };
  }

  async readParked(fromRevision: number, count: number): Promise<readonly ParkedEntry[]> {
    const page = await this.store.readStream(this.parkedStream, BigInt(fromRevision), count, true);
    return page.records.map((record) => ({ record, revision: Number(originalRecord(record).revision) }));
  }

  /** Marks parked links before `revision` as replayed, as EventStoreDB does: by the stream's `$tb`. */
  async truncateParked(revision: number): Promise<void> {
    await this.store.append(metastreamOf(this.parkedStream), [streamMetadataRecord({ $tb: revision })]);
  }

  /** Deletes the group's checkpoint and parked streams (when the group is deleted). */
  async deleteState(): Promise<void> {
    await this.store.deleteStream(this.checkpointStream);
    await this.store.deleteStream(this.parkedStream);
  }
}
