import {
  ANY,
  BACKWARDS,
  END,
  type EventStoreDBClient,
  jsonEvent,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type { PreparedEvent } from '../envelope/prepared-event';
import { storeCall, type StoreCallObserver } from './store-call';
import { StreamTurns } from './stream-turns';

/** What became of one event: written now, already there (a retry), or another payload under its id. */
export type AppendOutcome = 'accepted' | 'duplicate' | 'conflict';

/** The store client and the limits of each call. */
export interface WriterOptions {
  readonly client: EventStoreDBClient;
  readonly timeoutMs: number;
  readonly retryAfterSeconds: number;
  /** Told the time of each store call. */
  readonly observe?: StoreCallObserver;
}

/**
 * Appends events to one stream, idempotently, and tells for each whether it was new.
 *
 * Events keep their deterministic ids, and appends use expected revision `any`: EventStoreDB (and
 * the embedded store) then write nothing for a batch of ids already in the stream and answer with
 * the original revisions. That answer looks like a fresh write, so the writer reads the appended
 * revisions back: an event carrying this request's `$correlationId` was written now; one carrying
 * another request's is a duplicate, or a conflict when its `payloadHash` differs.
 *
 * Reading back costs a call, so it is skipped when the append's answer proves a fresh write: the
 * store's commit positions only grow, so a write made now lands after every position known before
 * the append began (the store's head, read at most a second earlier, and every append answered
 * since). An idempotent no-op answers with its original, older position and is read back. Ids that
 * another request of this process is appending at the same moment are read back too. What remains
 * is another ingest instance writing the same id within that second (docs/ingest.md).
 *
 * Store idempotency for `any` holds per append and looks at its first id only: an append whose first
 * id is new is written whole, even if a later id is already in the stream; one whose first id is
 * there but not all the others in order fails. So the events of a stream go in runs: consecutive
 * events whose ids this process has never tried to append go in one append; any other event goes
 * on its own, where idempotency is exact; a run the store refuses (a partial match) or that does not
 * read back as appended is appended again one event at a time. The appends of one stream take turns
 * ({@link StreamTurns}), so that what this process tried before is known when a run is formed: a
 * concurrent request re-batching an event behind a new one finds it tried and appends it alone.
 * What remains is an id written by another ingest instance, or before this process started, and
 * re-batched behind a new event (docs/ingest.md).
 */
export class EventWriter {
  /**
   * Ids this process tried to append or saw stored, so that a retry takes the exact path. Two
   * generations, so that reaching the bound forgets only the older half. A hint, not the truth.
   */
  private seen = new Set<string>();
  private seenBefore = new Set<string>();
  private static readonly SEEN_LIMIT = 100_000;
  private readonly turns = new StreamTurns();

  /** The highest commit position known to be in the store; undefined until learned. */
  private floor: bigint | undefined;
  private headRefreshedAt = 0;
  private headRefresh: Promise<void> | undefined;
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly options: WriterOptions,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Appends `events` to `stream`; outcomes in the order of `events`. */
  async append(stream: string, events: readonly PreparedEvent[]): Promise<AppendOutcome[]> {
    if (events.length === 0) return [];
    for (const e of events) this.inFlight.set(e.eventId, (this.inFlight.get(e.eventId) ?? 0) + 1);
    try {
      return await this.turns.run(stream, () => this.appendInRuns(stream, events));
    } finally {
      for (const e of events) {
        const n = this.inFlight.get(e.eventId)! - 1;
        if (n === 0) this.inFlight.delete(e.eventId);
        else this.inFlight.set(e.eventId, n);
      }
    }
  }

  private async appendInRuns(stream: string, events: readonly PreparedEvent[]): Promise<AppendOutcome[]> {
    const outcomes: AppendOutcome[] = [];
    let start = 0;
    while (start < events.length) {
      const run = this.newRunFrom(events, start);
      const grouped = run.length > 1 ? await this.appendGroup(stream, run) : undefined;
      if (grouped !== undefined) outcomes.push(...grouped);
      else for (const event of run) outcomes.push(await this.appendOne(stream, event));
      start += run.length;
    }
    return outcomes;
  }

  /** The events from `start` on whose ids were never tried (distinct); at least the event at `start`. */
  private newRunFrom(events: readonly PreparedEvent[], start: number): PreparedEvent[] {
    const run = [events[start]!];
    if (this.wasSeen(run[0]!.eventId)) return run;
    const ids = new Set([run[0]!.eventId]);
    for (const event of events.slice(start + 1)) {
      if (this.wasSeen(event.eventId) || ids.has(event.eventId)) break;
      ids.add(event.eventId);
      run.push(event);
    }
    return run;
  }

  private async appendGroup(stream: string, events: readonly PreparedEvent[]): Promise<AppendOutcome[] | undefined> {
    let last: bigint;
    const floor = await this.knownFloor();
    let position: bigint | undefined;
    try {
      ({ last, position } = await this.write(stream, events));
    } catch (error) {
      // Some of the ids, but not all, are already there: sort it out one event at a time.
      if (error instanceof WrongExpectedVersionError) return undefined;
      throw error;
    }
    if (this.provesFresh(floor, position, events)) return events.map(() => 'accepted');
    return this.confirm(stream, last - BigInt(events.length - 1), events);
  }

  private async appendOne(stream: string, event: PreparedEvent): Promise<AppendOutcome> {
    const floor = await this.knownFloor();
    const { last: revision, position } = await this.write(stream, [event]);
    if (this.provesFresh(floor, position, [event])) return 'accepted';
    const outcome = await this.confirm(stream, revision, [event]);
    if (outcome === undefined) {
      throw new Error(`${stream}@${revision}: the store reported an append whose event it does not hold`);
    }
    return outcome[0]!;
  }

  /** Reads the revisions an append reported and classifies each event; undefined when the ids do not match. */
  private async confirm(
    stream: string,
    from: bigint,
    events: readonly PreparedEvent[],
  ): Promise<AppendOutcome[] | undefined> {
    if (from < 0n) return undefined;
    const stored = await storeCall(
      async () => {
        const found: Array<{ id: string; metadata: unknown }> = [];
        const read = this.options.client.readStream(stream, {
          fromRevision: from,
          maxCount: events.length,
          deadline: this.options.timeoutMs,
        });
        for await (const resolved of read) {
          if (resolved.event !== undefined) found.push({ id: resolved.event.id, metadata: resolved.event.metadata });
        }
        return found;
      },
      this.options.retryAfterSeconds,
      { operation: 'read', observe: this.options.observe },
    );
    const outcomes: AppendOutcome[] = [];
    for (const [i, event] of events.entries()) {
      const found = stored[i];
      if (found?.id !== event.eventId) return undefined;
      const meta = (typeof found.metadata === 'object' && found.metadata !== null ? found.metadata : {}) as Record<
        string,
        unknown
      >;
      if (meta['$correlationId'] === event.metadata.$correlationId) outcomes.push('accepted');
      else outcomes.push(meta['payloadHash'] === event.metadata.payloadHash ? 'duplicate' : 'conflict');
    }
    return outcomes;
  }

  private provesFresh(
    floor: bigint | undefined,
    position: bigint | undefined,
    events: readonly PreparedEvent[],
  ): boolean {
    if (position !== undefined && (this.floor === undefined || position > this.floor)) this.floor = position;
    return (
      floor !== undefined &&
      position !== undefined &&
      position > floor &&
      events.every((e) => this.inFlight.get(e.eventId) === 1)
    );
  }

  /** The floor for an append starting now; refreshes the store's head when it is over a second old. */
  private async knownFloor(): Promise<bigint | undefined> {
    if (this.clock() - this.headRefreshedAt >= 1000) {
      this.headRefresh ??= this.refreshHead().finally(() => (this.headRefresh = undefined));
      // Without any known position yet, wait for the head; afterwards refresh in the background.
      if (this.floor === undefined) await this.headRefresh.catch(() => undefined);
      else this.headRefresh.catch(() => undefined);
    }
    return this.floor;
  }

  private async refreshHead(): Promise<void> {
    const startedAt = this.clock();
    let head = -1n;
    for await (const resolved of this.options.client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: 1,
      deadline: this.options.timeoutMs,
    })) {
      head = resolved.event?.position?.commit ?? head;
    }
    if (this.floor === undefined || head > this.floor) this.floor = head;
    this.headRefreshedAt = startedAt;
  }

  private async write(stream: string, events: readonly PreparedEvent[]): Promise<{ last: bigint; position?: bigint }> {
    // Remembered before the call: an append that times out may still be written.
    for (const e of events) this.remember(e.eventId);
    const result = await storeCall(
      () =>
        this.options.client.appendToStream(
          stream,
          events.map((e) =>
            jsonEvent({ id: e.eventId, type: e.type, data: e.data as never, metadata: metadataBytes(e.metadata) }),
          ),
          { expectedRevision: ANY, deadline: this.options.timeoutMs },
        ),
      this.options.retryAfterSeconds,
      { operation: 'append', observe: this.options.observe, deadlineMs: this.options.timeoutMs },
    );
    return { last: result.nextExpectedRevision, ...(result.position && { position: result.position.commit }) };
  }

  private remember(id: string): void {
    if (this.seen.size >= EventWriter.SEEN_LIMIT) {
      this.seenBefore = this.seen;
      this.seen = new Set();
    }
    this.seen.add(id);
  }

  private wasSeen(id: string): boolean {
    return this.seen.has(id) || this.seenBefore.has(id);
  }
}

const utf8 = new TextEncoder();

/**
 * An event's metadata as the UTF-8 bytes of its JSON: the bytes the client would store for the
 * object, handed over as bytes so that it does not turn them into base64 text that the protobuf
 * encoding then decodes back, twice (once to measure the message, once to send it). A plain
 * `Uint8Array`, not a `Buffer`: the client copies a `Buffer` byte by byte first.
 */
function metadataBytes(metadata: PreparedEvent['metadata']): Uint8Array {
  return utf8.encode(JSON.stringify(metadata));
}
