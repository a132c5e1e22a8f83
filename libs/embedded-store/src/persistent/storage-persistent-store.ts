import { type EventStorage, type RecordedEvent } from '../storage';
import { type AllFilter } from '../storage';
import { type EventFilter, isSystemEventHiddenFromAll, type SourcePosition } from './event-source';
import { type AllPage, type NewRecord, type PersistentStore, type StreamPage } from './persistent-store';
import { LINK_EVENT_TYPE, type ResolvedRecord, type StoredRecord } from './stored-record';

const JSON_CONTENT = 'application/json';
const OCTET_STREAM = 'application/octet-stream';
const TICKS_PER_MS = 10_000n;

/** The store's SQLite storage seen through the persistent subscription service's port. */
export class StoragePersistentStore implements PersistentStore {
  constructor(private readonly storage: EventStorage) {}

  async readStream(
    streamId: string,
    fromRevision: bigint,
    maxCount: number,
    resolveLinks: boolean,
  ): Promise<StreamPage> {
    const read = this.storage.readStream(streamId, {
      direction: 'forwards',
      from: Number(fromRevision),
      maxCount,
    });
    if (read.status !== 'ok') return { records: [], isEnd: true };
    const last = read.events.at(-1);
    return {
      records: this.resolveAll(read.events, resolveLinks),
      isEnd: last === undefined || last.revision >= read.lastRevision,
    };
  }

  async readAll(
    from: SourcePosition | undefined,
    maxCount: number,
    resolveLinks: boolean,
    filter: EventFilter | undefined,
  ): Promise<AllPage> {
    const read = this.storage.readAll({
      direction: 'forwards',
      from: from === undefined ? 'start' : Number(from.commit),
      maxCount,
      filter: filter && toAllFilter(filter),
    });
    return {
      records: this.resolveAll(
        read.events.filter((event) => !isSystemEventHiddenFromAll(event.streamName)),
        resolveLinks,
      ),
      isEnd: read.reachedEnd,
      scannedTo: read.lastScanned === undefined ? undefined : at(read.lastScanned),
    };
  }

  async lastRecord(streamId: string): Promise<StoredRecord | undefined> {
    const read = this.storage.readStream(streamId, { direction: 'backwards', from: 'end', maxCount: 1 });
    const last = read.status === 'ok' ? read.events[0] : undefined;
    return last && toStored(last);
  }

  async endPosition(): Promise<SourcePosition | undefined> {
    const head = this.storage.headPosition();
    return head > 0 ? at(head) : undefined;
  }

  async append(streamId: string, records: readonly NewRecord[]): Promise<void> {
    await this.storage.append(
      streamId,
      'any',
      records.map((record) => ({
        id: record.id,
        type: record.type,
        contentType: record.isJson ? JSON_CONTENT : OCTET_STREAM,
        data: record.data,
        metadata: record.metadata,
      })),
    );
  }

  async deleteStream(streamId: string): Promise<void> {
    if (this.storage.streamState(streamId).lastRevision < 0) return;
    await this.storage.deleteStream(streamId, 'any');
  }

  onCommit(listener: () => void): () => void {
    return this.storage.onCommitted(() => listener());
  }

  /** A page of records as subscribers receive them; the links of the page are resolved with one query. */
  private resolveAll(events: readonly RecordedEvent[], resolveLinks: boolean): ResolvedRecord[] {
    const targets = resolveLinks ? this.storage.resolveLinks(events) : undefined;
    const records = new Array<ResolvedRecord>(events.length);
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      if (targets === undefined || event.type !== LINK_EVENT_TYPE) {
        records[i] = { event: toStored(event), link: undefined };
      } else {
        const target = targets[i];
        records[i] = { event: target && toStored(target), link: toStored(event) };
      }
    }
    return records;
  }
}

const at = (position: number): SourcePosition => ({ commit: BigInt(position), prepare: BigInt(position) });

const toStored = (event: RecordedEvent): StoredRecord => ({
  id: event.id,
  streamId: event.streamName,
  revision: BigInt(event.revision),
  type: event.type,
  isJson: event.contentType === JSON_CONTENT,
  data: event.data,
  metadata: event.metadata,
  created: BigInt(event.created) * TICKS_PER_MS,
  position: at(event.position),
});

const toAllFilter = (filter: EventFilter): AllFilter => ({
  on: filter.on === 'streamName' ? 'stream' : 'eventType',
  prefixes: filter.prefixes,
  regex: filter.regex !== undefined && filter.regex !== '' ? new RegExp(filter.regex) : undefined,
});
