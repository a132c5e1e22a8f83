import { compileAllFilter, type EventFilter, type SourcePosition } from './event-source';
import { type AllPage, type NewRecord, type PersistentStore, type StreamPage } from './persistent-store';
import { LINK_EVENT_TYPE, type ResolvedRecord, type StoredRecord } from './stored-record';

/**
 * A `PersistentStore` held in memory: the reference behaviour of the port, on which the
 * persistent subscription specs run without a database or a server. Positions count events from 1;
 * `created` is the append's simulated time.
 */
export class InMemoryPersistentStore implements PersistentStore {
  private readonly log: StoredRecord[] = [];
  private readonly streams = new Map<string, StoredRecord[]>();
  private readonly deleted = new Set<string>();
  private readonly listeners = new Set<() => void>();
  /** When set, the next appends to streams matching it fail (to exercise the store's error paths). */
  failAppendsTo: RegExp | undefined;

  /** Appends application events (JSON data) and notifies like a commit. */
  appendEvents(streamId: string, events: ReadonlyArray<Readonly<{ id: string; type: string; data?: unknown }>>): void {
    this.commit(
      streamId,
      events.map((e) => ({
        id: e.id,
        type: e.type,
        isJson: true,
        data: Buffer.from(JSON.stringify(e.data ?? {}), 'utf8'),
        metadata: new Uint8Array(0),
      })),
    );
  }

  /** Appends a link to `<revision>@<stream>`. */
  appendLink(streamId: string, id: string, target: Readonly<{ streamId: string; revision: bigint }>): void {
    this.commit(streamId, [
      {
        id,
        type: LINK_EVENT_TYPE,
        isJson: false,
        data: Buffer.from(`${target.revision}@${target.streamId}`, 'utf8'),
        metadata: new Uint8Array(0),
      },
    ]);
  }

  stream(streamId: string): readonly StoredRecord[] {
    return this.deleted.has(streamId) ? [] : (this.streams.get(streamId) ?? []);
  }

  async readStream(
    streamId: string,
    fromRevision: bigint,
    maxCount: number,
    resolveLinks: boolean,
  ): Promise<StreamPage> {
    const all = this.stream(streamId);
    const records = all.filter((r) => r.revision >= fromRevision).slice(0, maxCount);
    const last = records.at(-1);
    return {
      records: records.map((r) => this.resolve(r, resolveLinks)),
      isEnd: last === undefined || last.revision === all.at(-1)!.revision,
    };
  }

  async readAll(
    from: SourcePosition | undefined,
    maxCount: number,
    resolveLinks: boolean,
    filter: EventFilter | undefined,
  ): Promise<AllPage> {
    const accept = compileAllFilter(filter);
    const start = from === undefined ? 0 : this.log.findIndex((r) => r.position.commit >= from.commit);
    const records: ResolvedRecord[] = [];
    let scannedTo: SourcePosition | undefined;
    let index = start === -1 ? this.log.length : start;
    for (; index < this.log.length && records.length < maxCount; index++) {
      const record = this.log[index]!;
      scannedTo = record.position;
      if (accept(record.streamId, record.type)) records.push(this.resolve(record, resolveLinks));
    }
    return { records, isEnd: index >= this.log.length, scannedTo };
  }

  async lastRecord(streamId: string): Promise<StoredRecord | undefined> {
    return this.stream(streamId).at(-1);
  }

  async endPosition(): Promise<SourcePosition | undefined> {
    return this.log.at(-1)?.position;
  }

  async append(streamId: string, records: readonly NewRecord[]): Promise<void> {
    if (this.failAppendsTo?.test(streamId)) throw new Error(`append to ${streamId} refused`);
    this.commit(streamId, records);
  }

  async deleteStream(streamId: string): Promise<void> {
    this.deleted.add(streamId);
  }

  onCommit(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private commit(streamId: string, records: readonly NewRecord[]): void {
    const stream = this.streams.get(streamId) ?? [];
    this.streams.set(streamId, stream);
    this.deleted.delete(streamId);
    for (const record of records) {
      const position = BigInt(this.log.length + 1);
      const storedRecord: StoredRecord = {
        ...record,
        streamId,
        revision: BigInt(stream.length),
        created: 0n,
        position: { commit: position, prepare: position },
      };
      stream.push(storedRecord);
      this.log.push(storedRecord);
    }
    for (const listener of this.listeners) listener();
  }

  private resolve(record: StoredRecord, resolveLinks: boolean): ResolvedRecord {
    if (!resolveLinks || record.type !== LINK_EVENT_TYPE) return { event: record, link: undefined };
    const [revision, target] = Buffer.from(record.data).toString('utf8').split('@', 2);
    const event = this.stream(target ?? '').find((r) => r.revision === BigInt(revision ?? '-1'));
    return { event, link: record };
  }
}
