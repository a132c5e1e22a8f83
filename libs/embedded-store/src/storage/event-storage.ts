import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { lockDataDir } from './data-dir-lock';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { AllFilter } from './all-filter';
import { hiddenFromAll, namedTypes, passesFilter } from './all-filter';
import type { ExpectedRevision } from './expected-revision';
import { formatLink, parseLink } from './link';
import type { ProposedEvent, RecordedEvent } from './recorded-event';
import { LINK_EVENT_TYPE, METADATA_EVENT_TYPE, TOMBSTONE_EVENT_TYPE, TOMBSTONE_REVISION } from './recorded-event';
import { DeletedState, SCHEMA } from './schema';
import {
  isDiskFull,
  StorageClosedError,
  StorageFullError,
  StreamDeletedError,
  WrongExpectedRevisionError,
} from './storage-errors';
import type { StreamMetadata } from './stream-metadata';
import {
  isSoftDeleted,
  metastreamOf,
  parseStreamMetadata,
  streamOfMetastream,
  withTruncateBefore,
} from './stream-metadata';
import { projectedStreamsOf } from './system-projections';
import { firstSystemEvents } from './first-system-events';

/** How to open an {@link EventStorage}. */
export interface EventStorageOptions {
  /** Directory of the database file (`events.db`), created if missing; undefined → in memory. */
  readonly dataDir?: string;
  /**
   * SQLite's `synchronous` in WAL mode (see docs/adr/0021-store-durability-level.md).
   *
   * - `normal` (default): a commit reaches the WAL file through the operating system before the
   *   append is acknowledged, without an fsync; an acknowledged append survives a crash of the
   *   store process (`kill -9`), not a power loss or kernel crash (the last commits before it
   *   may be lost, the database stays consistent). The WAL is fsynced at checkpoints.
   * - `full`: also fsyncs the WAL at every group commit, so an acknowledged append survives a
   *   power loss too, at the price of one fsync per commit on the event loop.
   */
  readonly synchronous?: StoreSynchronous;
  /**
   * Keep the link streams of EventStoreDB's standard projections `$by_category` (`$ce-<category>`)
   * and `$by_event_type` (`$et-<type>`) as events are appended (default true). EventStoreDB does
   * this only when its standard projections run (`--run-projections=All
   * --start-standard-projections=true`); false is a default EventStoreDB server.
   */
  readonly systemProjections?: boolean;
}

/** How far a commit goes before an append is acknowledged: see {@link EventStorageOptions.synchronous}. */
export type StoreSynchronous = 'full' | 'normal';

/** What the storage has done since it was opened (counts only: read by metrics). */
export interface StorageStatistics {
  /** Append calls (including idempotent repeats and refused ones). */
  readonly appends: number;
  /** Events in those calls. */
  readonly appendedEvents: number;
  /** Reads of one stream. */
  readonly streamReads: number;
  /** Reads of `$all` (pages). */
  readonly allReads: number;
  /** Live followers of new commits: catch-up subscriptions and persistent subscription groups. */
  readonly liveFollowers: number;
  /** Position of the last committed record. */
  readonly headPosition: number;
}

/** What a successful append returns. */
export interface AppendResult {
  /** The stream's revision after the append: the last appended event's revision. */
  readonly revision: number;
  /** The last appended event's position in `$all`. */
  readonly position: number;
}

/** What a successful delete or tombstone returns: the position of the record it wrote. */
export interface DeleteResult {
  readonly position: number;
}

/** A stream's state: see {@link EventStorage.streamState}. */
export interface StreamState {
  /** The last revision written (deleted or truncated events included); -1 when none. */
  readonly lastRevision: number;
  readonly deleted: 'no' | 'soft' | 'tombstoned';
  readonly metadata: StreamMetadata;
}

/** Where a stream read starts: a revision (inclusive) or either end. */
export type StreamReadStart = 'start' | 'end' | number;

/** The outcome of {@link EventStorage.readStream}. */
export type StreamRead =
  | { readonly status: 'ok'; readonly events: RecordedEvent[]; readonly lastRevision: number }
  | { readonly status: 'not_found' }
  | { readonly status: 'deleted' };

/** A page of `$all`: see {@link EventStorage.readAll}. */
export interface AllRead {
  /** Events that passed the filter, in read order. */
  readonly events: RecordedEvent[];
  /**
   * The position of the last record examined (matching or not); the next page starts after it.
   * Undefined when nothing was examined.
   */
  readonly lastScanned: number | undefined;
  /** How many records were examined (matching or not). */
  readonly scanned: number;
  /** Whether the read reached the end of the log in its direction. */
  readonly reachedEnd: boolean;
}

/** Options of {@link EventStorage.readAll}. */
export interface AllReadOptions {
  readonly direction: 'forwards' | 'backwards';
  /**
   * Where to start: forwards from a position includes it; backwards from a position excludes it
   * (a position is the point before its record, as in EventStoreDB).
   */
  readonly from: 'start' | 'end' | number;
  readonly maxCount: number;
  readonly filter?: AllFilter;
  /** Stop after examining this many records even if fewer than maxCount matched (default 4096). */
  readonly maxScan?: number;
}

type Write =
  | { kind: 'append'; stream: string; expected: ExpectedRevision; events: readonly ProposedEvent[] }
  | { kind: 'delete'; stream: string; expected: ExpectedRevision }
  | { kind: 'tombstone'; stream: string; expected: ExpectedRevision };

interface PendingWrite {
  readonly write: Write;
  readonly resolve: (result: AppendResult & DeleteResult) => void;
  readonly reject: (error: unknown) => void;
}

interface StreamRow {
  id: number;
  readonly name: string;
  lastRevision: number;
  deleted: number;
  dirty: boolean;
}

/** A record as the reading statements select it ({@link eventColumns}): its bytes as hex. */
interface EventRow {
  position: number;
  revision: number | null;
  /** The id's 16 bytes in hex; empty for a projected link event, which stores none. */
  event_id: string;
  type: string;
  content_type: string;
  data: string;
  metadata: string;
  created: number;
  name?: string;
}

/**
 * The columns of a record as the reading statements select them, `a` the table's alias (`e.` or
 * none). Its blobs come back as hex text and become bytes in {@link toRecorded}: better-sqlite3
 * builds a Buffer in native code for every blob it returns, about 2.5 µs each whatever its size
 * (three a record, three quarters of a stream read's time in SQLite); a hex string and
 * `Buffer.from` take a fraction of that (docs/benchmarks/store.md).
 */
function eventColumns(a: '' | 'e.'): string {
  return `${a}position, ${a}revision, hex(${a}event_id) AS event_id, ${a}type, ${a}content_type, hex(${a}data) AS data, hex(${a}metadata) AS metadata, ${a}created`;
}

/** A record of a named type in a window of `$all`: see `typedForwards`. */
type TypedRow = readonly [position: number, stream: string];

/** What a filtered scan of `$all` reads of each record: see `allKeysForwards`. */
interface ScannedRow {
  readonly position: number;
  readonly type: string;
  readonly name: string;
}

const EMPTY = Buffer.alloc(0);
const OCTET_STREAM = 'application/octet-stream';
const JSON_CONTENT = 'application/json';
const DEFAULT_MAX_SCAN = 4096;
/** Streams whose committed row {@link EventStorage} keeps in memory (least recently written dropped first). */
const STREAM_ROW_CACHE_SIZE = 16_384;

/**
 * The store's durable log: one SQLite database (WAL mode) holding every stream and `$all`.
 *
 * Writes ({@link append}, {@link deleteStream}, {@link tombstoneStream}) are queued and committed
 * together once per event-loop turn (group commit): all writes queued in a turn share one SQLite
 * transaction, and each promise settles only after that transaction committed. Writes are applied
 * in the order they were queued, each seeing the ones before it.
 *
 * Reads are synchronous and bounded by their `maxCount`: callers page through long reads and
 * yield between pages, so that reads never hold back a commit for long.
 *
 * Committed positions are announced through {@link onCommitted}, after the commit, for live
 * subscriptions.
 */
export class EventStorage {
  private readonly db: Database.Database;
  private readonly notifier = new EventEmitter();
  private readonly projections: boolean;
  private queue: PendingWrite[] = [];
  private flushScheduled = false;
  private closed = false;
  private head: number;
  /** Streams touched by the transaction being built; cleared at every commit. */
  private touched = new Map<string, StreamRow>();
  /**
   * The rows of recently written streams as committed, so that an append to a stream written
   * lately does not look its row up again: this storage is the only writer of its database (the
   * data directory is locked). Rows change in place while a transaction is built; a rolled-back
   * transaction drops the rows it touched. In least-recently-written order, bounded.
   */
  private readonly streamRows = new Map<string, StreamRow>();
  private readonly statements;
  private readonly releaseLock: () => void;
  private readonly counts = { appends: 0, appendedEvents: 0, streamReads: 0, allReads: 0 };

  constructor(options: EventStorageOptions = {}) {
    const file = options.dataDir === undefined ? ':memory:' : join(ensureDir(options.dataDir), 'events.db');
    this.releaseLock = options.dataDir === undefined ? () => {} : lockDataDir(options.dataDir);
    try {
      this.db = new Database(file);
    } catch (error) {
      this.releaseLock();
      throw error;
    }
    if (options.dataDir !== undefined) {
      // This connection is the database's only user (the data directory is locked): it keeps its
      // locks and the WAL's index in its own memory instead of taking file locks and reading shared
      // memory for every statement — two thirds of a one-event read's time in SQLite. Other processes
      // cannot open the file while the store runs.
      this.db.pragma('locking_mode = EXCLUSIVE');
      this.db.pragma('journal_mode = WAL');
    }
    this.db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    this.db.pragma('cache_size = -65536');
    this.db.pragma('temp_store = MEMORY');
    this.db.exec(SCHEMA);
    this.projections = options.systemProjections ?? true;
    this.notifier.setMaxListeners(0);
    const db = this.db;
    this.statements = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      head: db.prepare<[], { head: number | null }>('SELECT max(position) AS head FROM events'),
      streamByName: db.prepare<[string], { id: number; last_revision: number; deleted: number }>(
        'SELECT id, last_revision, deleted FROM streams WHERE name = ?',
      ),
      streamName: db.prepare<[number], { name: string }>('SELECT name FROM streams WHERE id = ?'),
      insertStream: db.prepare<[string]>('INSERT INTO streams (name) VALUES (?)'),
      updateStream: db.prepare<[number, number, number]>(
        'UPDATE streams SET last_revision = ?, deleted = ? WHERE id = ?',
      ),
      insertEvent: db.prepare<[number, number | null, Buffer | null, string, string, Buffer, Buffer, number]>(
        'INSERT INTO events (stream_id, revision, event_id, type, content_type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      eventAt: db.prepare<[number, number], EventRow>(
        `SELECT ${eventColumns('')} FROM events WHERE stream_id = ? AND revision = ?`,
      ),
      idsFrom: db.prepare<[number, number, number], { revision: number; event_id: Buffer | null; position: number }>(
        'SELECT revision, event_id, position FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
      ),
      // INDEXED BY: left to itself, the planner may walk the whole stream through events_by_stream
      // (stream_id, revision), which makes every `any` append O(stream length).
      revisionOfId: db.prepare<[number, Buffer], { revision: number }>(
        'SELECT revision FROM events INDEXED BY events_by_stream_and_id WHERE stream_id = ? AND event_id = ? AND revision IS NOT NULL LIMIT 1',
      ),
      streamForwards: db.prepare<[number, number, number, number], EventRow>(
        `SELECT ${eventColumns('')} FROM events WHERE stream_id = ? AND revision >= ? AND created >= ? ORDER BY revision LIMIT ?`,
      ),
      streamBackwards: db.prepare<[number, number, number, number, number], EventRow>(
        `SELECT ${eventColumns('')} FROM events WHERE stream_id = ? AND revision <= ? AND revision >= ? AND created >= ? ORDER BY revision DESC LIMIT ?`,
      ),
      allForwards: db.prepare<[number, number], EventRow>(
        `SELECT ${eventColumns('e.')}, s.name FROM events e JOIN streams s ON s.id = e.stream_id WHERE e.position >= ? ORDER BY e.position LIMIT ?`,
      ),
      // One query for a page of links: the targets come back tagged with the index of their link.
      // Only live streams, as resolveLink.
      linkTargets: db.prepare<[string], EventRow & { link_index: number }>(
        `SELECT j.key AS link_index, ${eventColumns('e.')}, s.name FROM json_each(?) j JOIN streams s ON s.name = j.value ->> '$[0]' AND s.deleted = 0 JOIN events e ON e.stream_id = s.id AND e.revision = j.value ->> '$[1]'`,
      ),
      allBackwards: db.prepare<[number, number], EventRow>(
        `SELECT ${eventColumns('e.')}, s.name FROM events e JOIN streams s ON s.id = e.stream_id WHERE e.position < ? ORDER BY e.position DESC LIMIT ?`,
      ),
      // A filtered read of `$all` examines records by what a filter reads (stream, type) and fetches
      // whole only those that pass: most records of a selective filter's scan are never copied out.
      allKeysForwards: db.prepare<[number, number], ScannedRow>(
        'SELECT e.position, e.type, s.name FROM events e JOIN streams s ON s.id = e.stream_id WHERE e.position >= ? ORDER BY e.position LIMIT ?',
      ),
      allKeysBackwards: db.prepare<[number, number], ScannedRow>(
        'SELECT e.position, e.type, s.name FROM events e JOIN streams s ON s.id = e.stream_id WHERE e.position < ? ORDER BY e.position DESC LIMIT ?',
      ),
      // A filter naming its event types is applied in SQLite: the window's bounds and count are
      // read there, and only the positions of the records of those types come out.
      windowEndForwards: db
        .prepare<[number, number], number>(
          'SELECT position FROM events WHERE position >= ? ORDER BY position LIMIT 1 OFFSET ?',
        )
        .pluck(true),
      windowEndBackwards: db
        .prepare<[number, number], number>(
          'SELECT position FROM events WHERE position < ? ORDER BY position DESC LIMIT 1 OFFSET ?',
        )
        .pluck(true),
      typedForwards: db
        .prepare<[number, number, string], TypedRow>(
          'SELECT e.position, s.name FROM events e JOIN streams s ON s.id = e.stream_id ' +
            'WHERE e.position BETWEEN ? AND ? AND e.type IN (SELECT value FROM json_each(?)) ORDER BY e.position',
        )
        .raw(true),
      typedBackwards: db
        .prepare<[number, number, string], TypedRow>(
          'SELECT e.position, s.name FROM events e JOIN streams s ON s.id = e.stream_id ' +
            'WHERE e.position BETWEEN ? AND ? AND e.type IN (SELECT value FROM json_each(?)) ORDER BY e.position DESC',
        )
        .raw(true),
      windowStats: db.prepare<[number, number], { n: number; lo: number | null; hi: number | null }>(
        'SELECT count(*) AS n, min(position) AS lo, max(position) AS hi FROM events WHERE position BETWEEN ? AND ?',
      ),
      eventsAt: db.prepare<[string], EventRow>(
        `SELECT ${eventColumns('e.')}, s.name FROM json_each(?) j JOIN events e ON e.position = j.value JOIN streams s ON s.id = e.stream_id ORDER BY j.key`,
      ),
    };
    this.head = this.statements.head.get()?.head ?? 0;
    if (this.head === 0) this.writeFirstEpoch();
  }

  /** A new log begins with system events, as EventStoreDB's: see {@link firstSystemEvents}. */
  private writeFirstEpoch(): void {
    for (const { stream, event } of firstSystemEvents(new Date())) {
      this.enqueue({ kind: 'append', stream, expected: 'no_stream', events: [event] }).catch(() => {});
    }
    this.flush();
    // flush reports a failed commit to the appends' promises; here it must fail the open.
    if (this.head === 0) throw new Error('could not write the system events a new log begins with');
  }

  /** The position of the last committed record; 0 when the log is empty. */
  headPosition(): number {
    return this.head;
  }

  /**
   * Appends events to a stream, any stream (system streams such as `$$<stream>` metadata,
   * `$persistentsubscription-…` checkpoints or parked streams included), and settles after the
   * group commit that holds them.
   *
   * Idempotent as EventStoreDB: when the events' ids are already the events at the place the
   * expected revision designates (the revisions after an exact or `no_stream` expectation; for
   * `any` / `stream_exists`, where the first id was written in this stream), it returns the
   * original result and writes nothing. A partial match is a wrong expected revision.
   *
   * Appending to a soft-deleted stream re-creates it: revisions continue, and its metadata's `$tb`
   * hides the events from before the delete.
   *
   * @throws WrongExpectedRevisionError when `expected` does not hold (nothing is written).
   * @throws StreamDeletedError when the stream is tombstoned.
   * @throws StorageFullError when the data directory has no room left (nothing is written).
   */
  append(streamName: string, expected: ExpectedRevision, events: readonly ProposedEvent[]): Promise<AppendResult> {
    this.counts.appends++;
    this.counts.appendedEvents += events.length;
    return this.enqueue({ kind: 'append', stream: streamName, expected, events });
  }

  /**
   * Soft-deletes a stream: writes `$tb` = 2^63-1 into its metadata. Reads then find no stream;
   * a later append re-creates it with continued revisions.
   *
   * @throws WrongExpectedRevisionError, StreamDeletedError as {@link append}.
   */
  deleteStream(streamName: string, expected: ExpectedRevision): Promise<DeleteResult> {
    return this.enqueue({ kind: 'delete', stream: streamName, expected });
  }

  /**
   * Hard-deletes a stream: writes a `$streamDeleted` tombstone record. The stream can never be
   * read or written again (both fail with {@link StreamDeletedError}).
   *
   * @throws WrongExpectedRevisionError, StreamDeletedError as {@link append}.
   */
  tombstoneStream(streamName: string, expected: ExpectedRevision): Promise<DeleteResult> {
    return this.enqueue({ kind: 'tombstone', stream: streamName, expected });
  }

  /**
   * Reads up to `maxCount` events of a stream from a revision (inclusive), forwards or backwards,
   * honouring the stream's metadata (`$tb`, `$maxCount`, `$maxAge`). Metadata streams (`$$…`)
   * are read as they are. Link events are returned as links: see {@link resolveLink}.
   */
  readStream(
    streamName: string,
    options: { direction: 'forwards' | 'backwards'; from: StreamReadStart; maxCount: number },
  ): StreamRead {
    this.counts.streamReads++;
    const row = this.statements.streamByName.get(streamName);
    if (row === undefined) return { status: 'not_found' };
    if (row.deleted === DeletedState.Tombstoned) return { status: 'deleted' };
    if (row.deleted === DeletedState.SoftDeleted || row.last_revision < 0) return { status: 'not_found' };
    const last = row.last_revision;
    const metadata = streamOfMetastream(streamName) === undefined ? this.metadataOf(streamName) : {};
    let lowest = metadata.truncateBefore ?? 0;
    if (metadata.maxCount !== undefined) lowest = Math.max(lowest, last - metadata.maxCount + 1);
    const oldest = metadata.maxAge !== undefined ? Date.now() - metadata.maxAge * 1000 : 0;
    const limit = Math.max(0, Math.min(options.maxCount, 1_000_000));
    let rows: EventRow[];
    if (options.direction === 'forwards') {
      const from = options.from === 'start' ? 0 : options.from === 'end' ? last + 1 : options.from;
      rows = this.statements.streamForwards.all(row.id, Math.max(from, lowest), oldest, limit);
    } else {
      const from = options.from === 'end' ? last : options.from === 'start' ? 0 : options.from;
      rows = this.statements.streamBackwards.all(row.id, from, lowest, oldest, limit);
    }
    return { status: 'ok', events: rows.map((r) => toRecorded(r, streamName)), lastRevision: last };
  }

  /**
   * Reads a page of `$all`, optionally filtered. It examines at most `maxScan` records, so a
   * selective filter returns short pages rather than scanning the whole log in one call; continue
   * after {@link AllRead.lastScanned}.
   */
  readAll(options: AllReadOptions): AllRead {
    this.counts.allReads++;
    const maxScan = Math.max(1, options.maxScan ?? DEFAULT_MAX_SCAN);
    const wanted = Math.max(0, options.maxCount);
    const events: RecordedEvent[] = [];
    let scanned = 0;
    let lastScanned: number | undefined;
    const forwards = options.direction === 'forwards';
    let cursor = forwards
      ? options.from === 'start'
        ? 0
        : options.from === 'end'
          ? this.head + 1
          : options.from
      : options.from === 'end'
        ? this.head + 1
        : options.from === 'start'
          ? 0
          : options.from;
    const filter = options.filter;
    const types = filter === undefined ? undefined : namedTypes(filter);
    while (events.length < wanted && scanned < maxScan) {
      if (types !== undefined) {
        const window = this.typedWindow(forwards, cursor, maxScan - scanned, wanted - events.length, types);
        if (window.scanned === 0) return { events, lastScanned, scanned, reachedEnd: true };
        scanned += window.scanned;
        lastScanned = window.lastScanned;
        this.pushEventsAt(window.positions, events);
        if (window.reachedEnd) return { events, lastScanned, scanned, reachedEnd: true };
        cursor = forwards ? lastScanned + 1 : lastScanned;
        continue;
      }
      const chunk = Math.min(maxScan - scanned, filter ? 512 : wanted - events.length);
      if (filter !== undefined) {
        const rows = forwards
          ? this.statements.allKeysForwards.all(cursor, chunk)
          : this.statements.allKeysBackwards.all(cursor, chunk);
        const passed: number[] = [];
        for (const r of rows) {
          scanned++;
          lastScanned = r.position;
          if (!hiddenFromAll(r.name) && passesFilter(filter, r.name, r.type)) {
            passed.push(r.position);
            if (events.length + passed.length === wanted) break;
          }
        }
        this.pushEventsAt(passed, events);
        if (rows.length < chunk) return { events, lastScanned, scanned, reachedEnd: true };
      } else {
        const rows = forwards
          ? this.statements.allForwards.all(cursor, chunk)
          : this.statements.allBackwards.all(cursor, chunk);
        for (const r of rows) {
          scanned++;
          lastScanned = r.position;
          const name = r.name ?? '';
          if (!hiddenFromAll(name)) {
            events.push(toRecorded(r, name));
            if (events.length === wanted) break;
          }
        }
        if (rows.length < chunk) return { events, lastScanned, scanned, reachedEnd: true };
      }
      cursor = forwards ? (lastScanned ?? cursor) + 1 : (lastScanned ?? cursor);
    }
    return { events, lastScanned, scanned, reachedEnd: false };
  }

  /** Appends the records at `positions` (in that order) to `events`, read in one query. */
  private pushEventsAt(positions: readonly number[], events: RecordedEvent[]): void {
    if (positions.length === 0) return;
    for (const r of this.statements.eventsAt.all(JSON.stringify(positions))) events.push(toRecorded(r, r.name ?? ''));
  }

  /**
   * Examines up to `size` records from `cursor` in SQLite and returns the positions of those whose
   * type is one of `types` (a JSON array) and that `$all` shows, at most `room` of them: the window
   * then ends at the last one taken, as a scan that stops once it has enough. `scanned` and
   * `lastScanned` are the window's own count and last record, as the record-by-record scan would
   * report them.
   */
  private typedWindow(
    forwards: boolean,
    cursor: number,
    size: number,
    room: number,
    types: string,
  ): { positions: number[]; scanned: number; lastScanned: number; reachedEnd: boolean } {
    const bound = (forwards ? this.statements.windowEndForwards : this.statements.windowEndBackwards).get(
      cursor,
      size - 1,
    );
    const reachedEnd = bound === undefined;
    let [low, high] = forwards ? [cursor, bound ?? this.head] : [bound ?? 0, cursor - 1];
    const positions: number[] = [];
    let truncated = false;
    for (const [position, stream] of (forwards ? this.statements.typedForwards : this.statements.typedBackwards).all(
      low,
      high,
      types,
    )) {
      if (hiddenFromAll(stream)) continue;
      positions.push(position);
      if (positions.length === room) {
        if (forwards) high = position;
        else low = position;
        truncated = true;
        break;
      }
    }
    // A whole window is `size` records ending at its bound; a cut or last one is counted.
    if (!truncated && bound !== undefined) return { positions, scanned: size, lastScanned: bound, reachedEnd };
    const stats = this.statements.windowStats.get(low, high);
    const scanned = stats?.n ?? 0;
    const lastScanned = (forwards ? stats?.hi : stats?.lo) ?? cursor;
    return { positions, scanned, lastScanned, reachedEnd };
  }

  /**
   * The event a link event (`$>`, data `"<revision>@<stream>"`) points to, or `undefined` when the
   * record is not a link or its target is gone (deleted stream, never written).
   */
  resolveLink(link: RecordedEvent): RecordedEvent | undefined {
    if (link.type !== LINK_EVENT_TYPE) return undefined;
    const target = parseLink(link.data);
    if (target === undefined) return undefined;
    const stream = this.statements.streamByName.get(target.streamName);
    if (stream === undefined || stream.deleted !== DeletedState.Live) return undefined;
    const row = this.statements.eventAt.get(stream.id, target.revision);
    return row === undefined ? undefined : toRecorded(row, target.streamName);
  }

  /**
   * {@link resolveLink} for many records at once, with one query: the result holds, at each index,
   * the target of the record at that index, or `undefined` when it is not a link or its target is
   * gone. For readers that resolve a page of links (`$ce-…` subscriptions) rather than one.
   */
  resolveLinks(records: readonly RecordedEvent[]): Array<RecordedEvent | undefined> {
    const resolved = new Array<RecordedEvent | undefined>(records.length).fill(undefined);
    const targets: Array<[string, number] | null> = [];
    let any = false;
    for (const record of records) {
      const target = record.type === LINK_EVENT_TYPE ? parseLink(record.data) : undefined;
      // A placeholder keeps json_each's keys equal to the records' indexes.
      targets.push(target === undefined ? null : [target.streamName, target.revision]);
      if (target !== undefined) any = true;
    }
    if (!any) return resolved;
    for (const row of this.statements.linkTargets.all(JSON.stringify(targets))) {
      resolved[row.link_index] = toRecorded(row, row.name ?? '');
    }
    return resolved;
  }

  /** A stream's last revision, deletion state and metadata. */
  streamState(streamName: string): StreamState {
    const row = this.statements.streamByName.get(streamName);
    return {
      lastRevision: row?.last_revision ?? -1,
      deleted:
        row?.deleted === DeletedState.Tombstoned
          ? 'tombstoned'
          : row?.deleted === DeletedState.SoftDeleted
            ? 'soft'
            : 'no',
      metadata: this.metadataOf(streamName),
    };
  }

  /**
   * Calls `listener` with the new head position after every commit that wrote something, once the
   * appends of that commit have been answered (their promises settled, their first continuations
   * run). Returns the function that removes the listener.
   */
  onCommitted(listener: (headPosition: number) => void): () => void {
    this.notifier.on('committed', listener);
    return () => this.notifier.off('committed', listener);
  }

  /** What the storage has done since it was opened. */
  statistics(): StorageStatistics {
    return { ...this.counts, liveFollowers: this.commitListenerCount(), headPosition: this.head };
  }

  /** How many {@link onCommitted} listeners are registered: live subscriptions and other followers. */
  commitListenerCount(): number {
    return this.notifier.listenerCount('committed');
  }

  /** Commits what is queued, then closes the database. Later writes fail with StorageClosedError. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.notifier.removeAllListeners();
    this.db.close();
    this.releaseLock();
  }

  private enqueue<T>(write: Write): Promise<T> {
    if (this.closed) return Promise.reject(new StorageClosedError());
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write, resolve: resolve as PendingWrite['resolve'], reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // After the I/O phase: every request that arrived in this turn joins the same commit.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    if (batch.length === 0 || this.closed) return;
    this.queue = [];
    const outcomes: Array<{ ok: true; value: AppendResult & DeleteResult } | { ok: false; error: unknown }> = [];
    const headBefore = this.head;
    this.touched = new Map();
    try {
      this.statements.begin.run();
      const now = Date.now();
      for (const pending of batch) {
        try {
          outcomes.push({ ok: true, value: this.apply(pending.write, now) });
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError || error instanceof StreamDeletedError)) throw error;
          outcomes.push({ ok: false, error });
        }
      }
      for (const row of this.touched.values()) {
        if (row.dirty) this.statements.updateStream.run(row.lastRevision, row.deleted, row.id);
      }
      this.statements.commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.statements.rollback.run();
      this.head = headBefore;
      for (const name of this.touched.keys()) this.streamRows.delete(name);
      this.touched = new Map();
      // A full disk is a state of the store, not of these writes: they may succeed once space returns.
      const failure = isDiskFull(error) ? new StorageFullError(error) : error;
      for (const pending of batch) pending.reject(failure);
      return;
    }
    for (const row of this.touched.values()) row.dirty = false;
    this.touched = new Map();
    batch.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
    if (this.head === headBefore) return;
    // Queued behind the writers' continuations (microtasks run in order): each append is answered
    // before a subscriber can see its events, so a client never sees an event whose append it is
    // still waiting for (and has nothing pending to fail if it stops right after that event).
    const head = this.head;
    queueMicrotask(() => {
      if (!this.closed) this.notifier.emit('committed', head);
    });
  }

  private apply(write: Write, now: number): AppendResult & DeleteResult {
    const stream = this.stream(write.stream);
    if (stream.deleted === DeletedState.Tombstoned) throw new StreamDeletedError(write.stream);
    switch (write.kind) {
      case 'append': {
        const original = this.idempotentResult(stream, write.expected, write.events);
        if (original !== undefined) return original;
        this.checkExpected(stream, write.expected);
        return this.appendEvents(stream, write.events, now);
      }
      case 'delete': {
        this.checkExpected(stream, write.expected);
        const meta = this.stream(metastreamOf(write.stream));
        // As EventStoreDB: a stream that never existed, not even through its metadata, cannot be
        // deleted, whatever the expected revision.
        if (stream.lastRevision < 0 && meta.lastRevision < 0)
          throw new WrongExpectedRevisionError(write.stream, write.expected, 'no_stream');
        const data = withTruncateBefore(this.lastDataOf(meta), 'deleted');
        const result = this.appendEvents(meta, [metadataEvent(data)], now);
        return { revision: stream.lastRevision, position: result.position };
      }
      case 'tombstone': {
        this.checkExpected(stream, write.expected);
        const id = uuidToBytes(randomUUID());
        const position = this.insert(stream.id, null, id, TOMBSTONE_EVENT_TYPE, OCTET_STREAM, EMPTY, EMPTY, now);
        stream.deleted = DeletedState.Tombstoned;
        stream.dirty = true;
        return { revision: stream.lastRevision, position };
      }
    }
  }

  private appendEvents(stream: StreamRow, events: readonly ProposedEvent[], now: number): AppendResult {
    if (events.length === 0) return { revision: stream.lastRevision, position: this.head };
    const wasSoftDeleted = stream.deleted === DeletedState.SoftDeleted;
    const firstRevision = stream.lastRevision + 1;
    let position = 0;
    for (const event of events) {
      const revision = ++stream.lastRevision;
      position = this.insert(
        stream.id,
        revision,
        uuidToBytes(event.id),
        event.type,
        event.contentType,
        toBuffer(event.data),
        toBuffer(event.metadata),
        now,
      );
      if (event.type === METADATA_EVENT_TYPE) this.onMetadataWritten(stream.name, event.data);
      if (this.projections) {
        for (const projected of projectedStreamsOf(stream.name, event.type)) {
          const link = this.stream(projected);
          link.lastRevision++;
          link.dirty = true;
          const data = formatLink({ streamName: stream.name, revision });
          this.insert(link.id, link.lastRevision, null, LINK_EVENT_TYPE, OCTET_STREAM, data, EMPTY, now);
        }
      }
    }
    stream.dirty = true;
    const result = { revision: stream.lastRevision, position };
    if (wasSoftDeleted) {
      stream.deleted = DeletedState.Live;
      // Re-creating a soft-deleted stream hides what came before, as EventStoreDB does.
      const meta = this.stream(metastreamOf(stream.name));
      const data = withTruncateBefore(this.lastDataOf(meta), firstRevision);
      this.appendEvents(meta, [metadataEvent(data)], now);
    }
    return result;
  }

  /** Keeps `streams.deleted` in step with `$tb` whenever a stream's metadata is written. */
  private onMetadataWritten(metastream: string, data: Uint8Array): void {
    const described = streamOfMetastream(metastream);
    if (described === undefined) return;
    const target = this.stream(described);
    if (target.deleted === DeletedState.Tombstoned) return;
    const next = isSoftDeleted(parseStreamMetadata(data)) ? DeletedState.SoftDeleted : DeletedState.Live;
    if (target.deleted !== next) {
      target.deleted = next;
      target.dirty = true;
    }
  }

  private insert(
    streamId: number,
    revision: number | null,
    eventId: Buffer | null,
    type: string,
    contentType: string,
    data: Buffer,
    metadata: Buffer,
    created: number,
  ): number {
    const info = this.statements.insertEvent.run(
      streamId,
      revision,
      eventId,
      type,
      contentType,
      data,
      metadata,
      created,
    );
    this.head = Number(info.lastInsertRowid);
    return this.head;
  }

  private checkExpected(stream: StreamRow, expected: ExpectedRevision): void {
    const exists = stream.lastRevision >= 0 && stream.deleted === DeletedState.Live;
    const current = exists ? stream.lastRevision : 'no_stream';
    const holds =
      expected === 'any' ||
      (expected === 'no_stream' && !exists) ||
      (expected === 'stream_exists' && exists) ||
      (typeof expected === 'number' && expected === stream.lastRevision && stream.lastRevision >= 0);
    if (!holds) throw new WrongExpectedRevisionError(stream.name, expected, current);
  }

  private idempotentResult(
    stream: StreamRow,
    expected: ExpectedRevision,
    events: readonly ProposedEvent[],
  ): AppendResult | undefined {
    const first = events[0];
    if (first === undefined || stream.lastRevision < 0) return undefined;
    let from: number;
    if (typeof expected === 'number' || expected === 'no_stream') {
      from = expected === 'no_stream' ? 0 : expected + 1;
      if (from > stream.lastRevision) return undefined;
    } else {
      const found = this.statements.revisionOfId.get(stream.id, uuidToBytes(first.id));
      if (found === undefined) return undefined;
      from = found.revision;
    }
    const written = this.statements.idsFrom.all(stream.id, from, events.length);
    const matching = events.findIndex((e, i) => !written[i]?.event_id?.equals(uuidToBytes(e.id)));
    if (matching === -1) {
      const last = written[written.length - 1]!;
      return { revision: last.revision, position: last.position };
    }
    // The first event is there but not all of them: EventStoreDB's corrupted idempotency.
    if (matching > 0) {
      throw new WrongExpectedRevisionError(stream.name, expected, stream.lastRevision);
    }
    return undefined;
  }

  private stream(name: string): StreamRow {
    const known = this.touched.get(name);
    if (known !== undefined) return known;
    let stream = this.streamRows.get(name);
    if (stream !== undefined) this.streamRows.delete(name);
    else {
      const row = this.statements.streamByName.get(name);
      if (row === undefined) {
        const info = this.statements.insertStream.run(name);
        stream = { id: Number(info.lastInsertRowid), name, lastRevision: -1, deleted: DeletedState.Live, dirty: false };
      } else {
        stream = { id: row.id, name, lastRevision: row.last_revision, deleted: row.deleted, dirty: false };
      }
    }
    this.streamRows.set(name, stream);
    if (this.streamRows.size > STREAM_ROW_CACHE_SIZE) this.streamRows.delete(this.streamRows.keys().next().value!);
    this.touched.set(name, stream);
    return stream;
  }

  /** The data of a stream's last event. */
  private lastDataOf(stream: StreamRow): Buffer | undefined {
    const row = stream.lastRevision < 0 ? undefined : this.statements.eventAt.get(stream.id, stream.lastRevision);
    return row === undefined ? undefined : bytesOfHex(row.data);
  }

  private metadataOf(streamName: string): StreamMetadata {
    const meta = this.statements.streamByName.get(metastreamOf(streamName));
    if (meta === undefined || meta.last_revision < 0) return {};
    const row = this.statements.eventAt.get(meta.id, meta.last_revision);
    return row === undefined ? {} : parseStreamMetadata(bytesOfHex(row.data));
  }
}

function metadataEvent(data: Buffer): ProposedEvent {
  return { id: randomUUID(), type: METADATA_EVENT_TYPE, contentType: JSON_CONTENT, data, metadata: EMPTY };
}

function toRecorded(row: EventRow, streamName: string): RecordedEvent {
  return {
    position: row.position,
    streamName,
    revision: row.revision ?? TOMBSTONE_REVISION,
    id: row.event_id === '' ? linkIdOf(row.position) : uuidOfHex(row.event_id),
    type: row.type,
    contentType: row.content_type,
    data: bytesOfHex(row.data),
    metadata: bytesOfHex(row.metadata),
    created: row.created,
  };
}

/** Projected link events carry no stored id: theirs is derived from their position, hence stable. */
function linkIdOf(position: number): string {
  return `6c696e6b-0000-4000-8000-${position.toString(16).padStart(12, '0')}`;
}

function uuidToBytes(id: string): Buffer {
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

/** Bytes from the hex SQLite's `hex()` gives (upper case). */
function bytesOfHex(hex: string): Buffer {
  return hex === '' ? EMPTY : Buffer.from(hex, 'hex');
}

/** An event id from the hex of its 16 stored bytes, as the client writes it (lower case). */
function uuidOfHex(upper: string): string {
  const hex = upper.toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
