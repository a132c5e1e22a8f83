import { shouldCheckpoint } from './checkpoint-policy';
import { Consumer } from './consumer';
import { type ConsumerStrategy } from './consumer-strategy';
import { createConsumerStrategy } from './consumer-strategies';
import { type EventSource, formatPosition, type SourcePosition } from './event-source';
import { type GroupIo, type ReadCursor, type SourceEntry } from './group-io';
import { type GroupMessage, retried } from './group-message';
import { type Measurement } from './latency-window';
import { type ConsumerStrategyName, type GroupSettings } from './settings';
import { originalRecord, type ResolvedRecord, sourceStreamOf } from './stored-record';

/** The clock a group runs on: real timers in the store, a simulated clock in tests. */
export interface GroupClock {
  now(): number;
  /** Calls `fire` after `delayMs`; returns the cancel. */
  setTimer(delayMs: number, fire: () => void): () => void;
}

/** How a consumer told the group it failed a message (the client's nack actions). */
export type NackAction = 'unknown' | 'park' | 'retry' | 'skip' | 'stop';

type InFlight = { message: GroupMessage; consumer: Consumer; expiresAt: number; sentAt: number };

/** Attempts at writing a parked link before the message goes back to the retry queue. */
const PARK_ATTEMPTS = 5;

export type GroupStatistics = Readonly<{
  status: string;
  totalItems: number;
  readBufferCount: number;
  retryBufferCount: number;
  inFlightCount: number;
  parkedMessageCount: number;
  lastCheckpoint: string | undefined;
  lastKnownPosition: string | undefined;
  consumers: ReadonlyArray<
    Readonly<{
      id: string;
      from: string;
      name: string;
      totalItems: number;
      availableSlots: number;
      inFlight: number;
      /** Answer latencies, when the group has `extraStatistics`. */
      measurements: readonly Measurement[];
    }>
  >;
}>;

/**
 * One persistent subscription group at run time: reads its source in pages into a bounded buffer,
 * hands messages to consumers through its strategy, tracks them in flight until acked, retries them
 * on nack, timeout or a consumer leaving, parks them after `maxRetryCount` retries, and checkpoints
 * the position below which every message is done.
 *
 * It pulls rather than being pushed to: a commit notification only wakes the read loop, so history
 * and live events come through the same ordered reads, with no hand-over to get wrong and memory
 * bounded by `historyBufferSize`.
 */
export class SubscriptionGroup {
  private readonly strategy: ConsumerStrategy;
  private readonly consumers = new Map<string, Consumer>();
  private readonly fresh: GroupMessage[] = [];
  private readonly retry: GroupMessage[] = [];
  private readonly inFlight = new Map<string, InFlight>();
  private readonly parking = new Map<string, GroupMessage>();

  private state: 'loading' | 'ready' | 'stopped' = 'loading';
  private cursor: ReadCursor = { kind: 'start' };
  private reading = false;
  /** Whether the source may hold events not read yet: set by notifications, cleared at its end. */
  private unread = true;
  private notifiedWhileReading = false;
  private caughtUp = false;
  private replaying = false;

  private nextSequence = 0;
  private lastReadPosition: SourcePosition | undefined;
  private lastCheckpointed = -1;
  private lastCheckpointAt = Number.NEGATIVE_INFINITY;
  private lastCheckpointPosition: SourcePosition | undefined;
  private checkpointWriting = false;
  private pushing = false;
  private pushAgain = false;

  private parkedFirst = 0;
  private parkedNext = 0;
  private totalItems = 0;
  private cancelTimer: (() => void) | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private readonly ready: Promise<void>;

  constructor(
    readonly subscriptionId: string,
    readonly source: EventSource,
    readonly groupName: string,
    readonly settings: GroupSettings,
    private readonly io: GroupIo,
    private readonly clock: GroupClock,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.strategy = createConsumerStrategy(settings.consumerStrategy as ConsumerStrategyName);
    this.ready = this.load();
  }

  /** Resolves once the checkpoint and parked-stream bounds are loaded and reading has begun. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  get consumerCount(): number {
    return this.consumers.size;
  }

  get isFull(): boolean {
    return this.settings.maxSubscriberCount !== 0 && this.consumers.size >= this.settings.maxSubscriberCount;
  }

  /** Connects a consumer that takes up to `maxInFlight` unacknowledged messages. */
  addConsumer(id: string, name: string, from: string, maxInFlight: number, deliver: (m: GroupMessage) => void): void {
    // In flight from the moment of delivery: a consumer may ack or nack within `deliver`.
    const consumer: Consumer = new Consumer(id, name, from, Math.max(1, maxInFlight), (message) => {
      this.totalItems += 1;
      const timeout = this.settings.messageTimeoutMs;
      const sentAt = this.clock.now();
      const expiresAt = timeout === 0 ? Number.POSITIVE_INFINITY : sentAt + timeout;
      this.inFlight.set(message.id, { message, consumer, expiresAt, sentAt });
      deliver(message);
    });
    this.consumers.set(id, consumer);
    this.strategy.added(consumer);
    this.afterChange(false);
  }

  /** Disconnects a consumer; what it held in flight is retried on the others. */
  removeConsumer(id: string): void {
    const consumer = this.consumers.get(id);
    if (consumer === undefined) return;
    this.consumers.delete(id);
    this.strategy.removed(consumer);
    for (const message of consumer.drain()) {
      this.inFlight.delete(message.id);
      this.enqueueRetry(retried(message));
    }
    this.afterChange(false);
  }

  ack(ids: readonly string[]): void {
    for (const id of ids) this.finish(id, true);
    this.afterChange(false);
  }

  nack(ids: readonly string[], action: NackAction, reason: string): void {
    for (const id of ids) {
      const entry = this.inFlight.get(id);
      if (entry === undefined) continue;
      this.finish(id, true);
      switch (action) {
        case 'unknown':
        case 'retry':
          this.retryOrPark(entry.message);
          break;
        case 'park':
          this.park(entry.message, `Client explicitly NAK'ed message.\n${reason}`);
          break;
        // EventStoreDB forgets a message nacked with `stop` as it does one nacked with `skip`.
        case 'skip':
        case 'stop':
          break;
        default: {
          const _never: never = action;
          throw new TypeError(`unknown nack action ${String(_never)}`);
        }
      }
    }
    this.afterChange(false);
  }

  /** Wakes the read loop: the source may have new events. */
  notify(): void {
    this.unread = true;
    if (this.reading) this.notifiedWhileReading = true;
    else this.pump();
  }

  /**
   * Puts the parked messages back into delivery, oldest first, stopping before parked-stream
   * revision `stopAt` when given; afterwards they no longer count as parked.
   */
  replayParked(stopAt: number | undefined): void {
    if (this.state !== 'ready' || this.replaying) return;
    this.replaying = true;
    void this.replay(stopAt)
      .catch(this.onError)
      .finally(() => {
        this.replaying = false;
      });
  }

  /** Drops every consumer (they receive `onDropped`), stops timers and reads; the group is then dead. */
  stop(): void {
    this.state = 'stopped';
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    for (const consumer of this.consumers.values()) this.strategy.removed(consumer);
    this.consumers.clear();
  }

  statistics(): GroupStatistics {
    const status =
      this.state === 'loading'
        ? 'NotReady'
        : [this.caughtUp ? 'Live' : 'Behind', ...(this.replaying ? ['ReplayingParkedMessages'] : [])].join(', ');
    return {
      status,
      totalItems: this.totalItems,
      readBufferCount: this.fresh.length,
      retryBufferCount: this.retry.length,
      inFlightCount: this.inFlight.size,
      parkedMessageCount: this.parkedNext - this.parkedFirst,
      lastCheckpoint: this.lastCheckpointPosition && formatPosition(this.source, this.lastCheckpointPosition),
      lastKnownPosition: this.lastReadPosition && formatPosition(this.source, this.lastReadPosition),
      consumers: [...this.consumers.values()].map((c) => ({
        id: c.id,
        from: c.from,
        name: c.connectionName,
        totalItems: c.totalItems,
        availableSlots: c.availableSlots,
        inFlight: c.inFlightCount,
        measurements: this.settings.extraStatistics ? c.latencies.measurements() : [],
      })),
    };
  }

  private async load(): Promise<void> {
    try {
      const [checkpoint, parked] = await Promise.all([this.io.loadCheckpoint(), this.io.parkedBounds()]);
      this.parkedFirst = parked.first;
      this.parkedNext = parked.next;
      if (checkpoint !== undefined) {
        // The checkpointed message is done: resume after it, numbering as if it were message 0.
        this.cursor = { kind: 'after', position: checkpoint };
        this.lastReadPosition = checkpoint;
        this.lastCheckpointPosition = checkpoint;
        this.lastCheckpointed = 0;
        this.nextSequence = 1;
      } else {
        const start = this.settings.startFrom;
        this.cursor =
          start.kind === 'start'
            ? { kind: 'start' }
            : start.kind === 'position'
              ? { kind: 'from', position: start.position }
              : await this.io.endCursor();
      }
      if (this.state === 'stopped') return;
      this.state = 'ready';
      this.pump();
    } catch (error) {
      this.onError(error);
    }
  }

  private pump(): void {
    if (this.state !== 'ready' || this.reading || !this.unread) return;
    const room = this.settings.historyBufferSize - this.fresh.length - this.retry.length;
    // Refill once a page's worth is free, and fill all the free room in one read: fewer, larger
    // reads keep the buffer full between acks at a fraction of the per-read cost.
    if (room < this.settings.readBatchSize) return;
    this.reading = true;
    this.notifiedWhileReading = false;
    this.io
      .read(this.cursor, room)
      .then((page) => {
        this.reading = false;
        if (this.state !== 'ready') return;
        for (const entry of page.entries) this.accept(entry);
        this.cursor = page.next;
        this.caughtUp = page.isEnd;
        this.unread = !page.isEnd || this.notifiedWhileReading;
        this.afterChange(false);
      })
      .catch((error: unknown) => {
        this.reading = false;
        this.onError(error);
      });
  }

  private accept(entry: SourceEntry): void {
    this.fresh.push({
      id: originalRecord(entry.record).id,
      record: entry.record,
      sequence: this.nextSequence,
      position: entry.position,
      previousPosition: this.lastReadPosition,
      retryCount: 0,
      pinKey: this.pinKeyOf(entry.record),
    });
    this.nextSequence += 1;
    this.lastReadPosition = entry.position;
  }

  private pinKeyOf(record: ResolvedRecord): string {
    if (this.settings.consumerStrategy === 'PinnedByCorrelation') {
      const correlation = correlationIdOf(record);
      if (correlation !== undefined) return correlation;
    }
    return sourceStreamOf(record);
  }

  /** Ends a message's time in flight; `answered` when the consumer acked or nacked it. */
  private finish(id: string, answered = false): void {
    const entry = this.inFlight.get(id);
    if (entry === undefined) return;
    this.inFlight.delete(id);
    if (answered && this.settings.extraStatistics) entry.consumer.latencies.record(this.clock.now() - entry.sentAt);
    entry.consumer.confirm(id);
    this.strategy.confirmed(entry.consumer, entry.message);
  }

  private retryOrPark(message: GroupMessage): void {
    if (message.retryCount >= this.settings.maxRetryCount) {
      this.park(message, `Reached retry count of ${this.settings.maxRetryCount}`);
    } else {
      this.enqueueRetry(retried(message));
    }
  }

  /** Retries keep source order; replayed parked messages queue behind them. */
  private enqueueRetry(message: GroupMessage): void {
    if (message.sequence === undefined) {
      this.retry.push(message);
      return;
    }
    const before = this.retry.findIndex((m) => m.sequence === undefined || m.sequence > message.sequence!);
    if (before === -1) this.retry.push(message);
    else this.retry.splice(before, 0, message);
  }

  private park(message: GroupMessage, reason: string, attempt = 1): void {
    this.parking.set(message.id, message);
    this.io
      .park(message, reason, new Date(this.clock.now()))
      .then(() => {
        this.parking.delete(message.id);
        this.parkedNext += 1;
        this.afterChange(false);
      })
      .catch((error: unknown) => {
        if (attempt < PARK_ATTEMPTS) return this.park(message, reason, attempt + 1);
        // Never lose it: a message that cannot be parked is delivered again.
        this.parking.delete(message.id);
        this.onError(error);
        this.enqueueRetry(message);
        this.afterChange(false);
      });
  }

  private push(): void {
    // A consumer's delivery may ack or nack synchronously; the queues must not be walked twice at once.
    if (this.pushing) {
      this.pushAgain = true;
      return;
    }
    this.pushing = true;
    try {
      do {
        this.pushAgain = false;
        if (this.consumers.size > 0 && this.pushFrom(this.retry)) this.pushFrom(this.fresh);
      } while (this.pushAgain && this.state === 'ready');
    } finally {
      this.pushing = false;
    }
  }

  /**
   * Hands the queue's messages to consumers in order; false once every consumer is full. Messages
   * a full consumer must take (pinned) stay in place; the ones sent leave the queue in one splice
   * per run, not one each.
   */
  private pushFrom(queue: GroupMessage[]): boolean {
    let index = 0;
    let runStart = 0;
    let open = true;
    while (index < queue.length) {
      const message = queue[index]!;
      const result = this.strategy.push(message);
      if (result === 'full') {
        open = false;
        break;
      }
      if (result === 'skipped') {
        if (index > runStart) {
          queue.splice(runStart, index - runStart);
          index = runStart;
        }
        index += 1;
        runStart = index;
        continue;
      }
      index += 1;
    }
    if (index > runStart) queue.splice(runStart, index - runStart);
    return open;
  }

  private expire(now: number): void {
    for (const [id, entry] of [...this.inFlight]) {
      if (entry.expiresAt > now) continue;
      this.finish(id);
      this.retryOrPark(entry.message);
    }
  }

  /** The done-through sequence and its position: below the lowest message not yet done. */
  private doneThrough(): { sequence: number; position: SourcePosition | undefined } {
    let lowest: GroupMessage | undefined;
    const consider = (m: GroupMessage): void => {
      if (m.sequence !== undefined && (lowest === undefined || m.sequence < lowest.sequence!)) lowest = m;
    };
    for (const entry of this.inFlight.values()) consider(entry.message);
    for (const m of this.retry) consider(m);
    for (const m of this.parking.values()) consider(m);
    if (this.fresh[0] !== undefined) consider(this.fresh[0]);
    if (lowest === undefined) return { sequence: this.nextSequence - 1, position: this.lastReadPosition };
    return { sequence: lowest.sequence! - 1, position: lowest.previousPosition };
  }

  private tryCheckpoint(timeCheck: boolean, done = this.doneThrough()): void {
    if (this.checkpointWriting || this.state !== 'ready') return;
    if (done.position === undefined) return;
    const now = this.clock.now();
    const due = shouldCheckpoint(this.settings, {
      doneThrough: done.sequence,
      lastCheckpointed: this.lastCheckpointed,
      lastCheckpointAt: this.lastCheckpointAt,
      now,
      timeCheck,
    });
    if (!due) return;
    const position = done.position;
    this.checkpointWriting = true;
    this.io
      .writeCheckpoint(position)
      .then(() => {
        this.lastCheckpointed = Math.max(this.lastCheckpointed, done.sequence);
        this.lastCheckpointAt = now;
        this.lastCheckpointPosition = position;
      })
      .catch(this.onError)
      .finally(() => {
        this.checkpointWriting = false;
        this.rearm();
      });
  }

  private async replay(stopAt: number | undefined): Promise<void> {
    const bounds = await this.io.parkedBounds();
    const end = stopAt === undefined ? bounds.next : Math.min(stopAt, bounds.next);
    let from = bounds.first;
    while (from < end && this.state === 'ready') {
      const page = await this.io.readParked(from, Math.min(this.settings.readBatchSize, end - from));
      if (page.length === 0) break;
      for (const { record, revision } of page) {
        if (revision >= end) break;
        // A parked link whose event is gone has nothing left to deliver.
        if (record.event === undefined) continue;
        this.enqueueRetry({
          id: originalRecord(record).id,
          record,
          sequence: undefined,
          position: undefined,
          previousPosition: undefined,
          retryCount: 0,
          pinKey: this.pinKeyOf({ event: record.event, link: undefined }),
        });
      }
      from = page.at(-1)!.revision + 1;
      this.afterChange(false);
    }
    if (end > bounds.first) {
      await this.io.truncateParked(end);
      this.parkedFirst = Math.max(this.parkedFirst, end);
    }
  }

  /** Every state change ends here: deliver what can be, read more, checkpoint, re-arm the timer. */
  private afterChange(timeCheck: boolean): void {
    if (this.state !== 'ready') return;
    this.push();
    // Computed once: neither the checkpoint write nor the read changes it before they complete.
    const done = this.doneThrough();
    this.tryCheckpoint(timeCheck, done);
    this.pump();
    this.rearm(done);
  }

  private onTimer(): void {
    this.cancelTimer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    if (this.state !== 'ready') return;
    this.expire(this.clock.now());
    this.afterChange(true);
  }

  /** Sets the one timer a group needs: the next message timeout or time-based checkpoint. */
  private rearm(done = this.doneThrough()): void {
    if (this.state !== 'ready') return;
    let at = Number.POSITIVE_INFINITY;
    for (const entry of this.inFlight.values()) at = Math.min(at, entry.expiresAt);
    // A time-based checkpoint is only worth a timer once enough messages are done for one.
    const doneSince = done.sequence - this.lastCheckpointed;
    if (
      this.settings.checkpointAfterMs > 0 &&
      !this.checkpointWriting &&
      doneSince > 0 &&
      doneSince >= this.settings.minCheckpointCount
    ) {
      at = Math.min(at, Math.max(this.lastCheckpointAt + this.settings.checkpointAfterMs, this.clock.now()));
    }
    if (at === this.timerAt) return;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.timerAt = at;
    if (at === Number.POSITIVE_INFINITY) return;
    this.cancelTimer = this.clock.setTimer(Math.max(0, at - this.clock.now()), () => this.onTimer());
  }
}

/** `$correlationId` from an event's JSON metadata, for `PinnedByCorrelation`. */
const correlationIdOf = (record: ResolvedRecord): string | undefined => {
  const event = record.event ?? record.link;
  if (event === undefined || event.metadata.length === 0) return undefined;
  try {
    const metadata = JSON.parse(Buffer.from(event.metadata).toString('utf8')) as { $correlationId?: unknown };
    return typeof metadata.$correlationId === 'string' ? metadata.$correlationId : undefined;
  } catch {
    return undefined;
  }
};
