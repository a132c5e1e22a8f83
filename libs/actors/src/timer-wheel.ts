import { jsonEvent, type EventStoreDBClient } from '@eventstore/db-client';
import { deterministicUuid } from './deterministic-id';
import { readLastEvent, readPage } from './stream-reads';
import { TIMER_SCHEDULED } from './output-event';
import { TIMER_FIRED, type PendingTimer, type TimerFiredData } from './timers';

/** Event type of a timer filed in its due-time bucket. */
export const TIMER_DUE = 'TimerDue';
/** Event type of the wheel's checkpoint. */
export const TIMER_WHEEL_CHECKPOINT = 'TimerWheelCheckpoint';

export interface TimerWheelOptions {
  readonly client: EventStoreDBClient;
  /** The actor's input stream, where `TimerFired` is appended. */
  readonly inputStream: (key: string) => string;
  /**
   * Whether the actor still waits for this timer (same id and due time). A timer whose state was
   * left is not fired. The actor's fold makes the final decision: this check only saves writes.
   */
  readonly isPending: (key: string, timerId: string, dueAt: string) => Promise<boolean>;
  /** Wall clock in ms since the epoch: the only place Heed compares timers to real time. */
  readonly now?: () => number;
  /** Width of a due-time bucket. Default one minute. */
  readonly bucketMs?: number;
  /** Prefix of bucket and checkpoint streams. Default `timers`. */
  readonly streamPrefix?: string;
  /** Where `TimerScheduled` events are read from: the `$et-` projection by default. */
  readonly scheduledStream?: string;
  /** Events read per page. Default 500. */
  readonly pageSize?: number;
}

interface Checkpoint {
  /** Next revision of the scheduled stream to index. */
  indexFrom: bigint;
  /** Every bucket up to and including this one has been fired completely. */
  firedThrough: number;
}

interface FiledTimer {
  readonly key: string;
  readonly timerId: string;
  readonly dueAt: string;
}

/**
 * Durable timers that scale to millions pending without scanning actor streams.
 *
 * Every `TimerScheduled` output is filed, by due time, into a bucket stream
 * (`<prefix>-<yyyymmddThhmm>`); a tick fires the buckets that came due since the last one by
 * appending `TimerFired` to each actor's input stream, with an id derived from the timer, so a
 * timer fires once however often it is tried and by however many engine replicas. A restart
 * resumes from the checkpoint: a timer that came due while the engine was down fires then, with
 * its original due time. A timer filed after its bucket was fired is fired when it is filed.
 */
export class TimerWheel {
  private readonly bucketMs: number;
  private readonly prefix: string;
  private readonly scheduledStream: string;
  private readonly pageSize: number;
  private readonly now: () => number;
  private checkpoint: Checkpoint | undefined;
  private readonly firedInCurrentBucket = new Set<string>();
  private currentBucket: number | undefined;
  private ticking: Promise<number> | undefined;

  constructor(private readonly options: TimerWheelOptions) {
    this.bucketMs = options.bucketMs ?? 60_000;
    this.prefix = options.streamPrefix ?? 'timers';
    this.scheduledStream = options.scheduledStream ?? `$et-${TIMER_SCHEDULED}`;
    this.pageSize = options.pageSize ?? 500;
    this.now = options.now ?? (() => Date.now());
  }

  /** The bucket stream of a due time. */
  bucketStream(bucket: number): string {
    const iso = new Date(bucket * this.bucketMs).toISOString();
    return `${this.prefix}-${iso.slice(0, 16).replace(/[-:]/g, '')}${this.bucketMs % 60_000 === 0 ? '' : `.${bucket}`}`;
  }

  private get checkpointStream(): string {
    return `${this.prefix}-checkpoint`;
  }

  /**
   * Files newly scheduled timers and fires every timer due by now. Returns how many were fired.
   * Ticks never overlap: a call during a tick waits for it.
   */
  tick(): Promise<number> {
    this.ticking ??= this.runTick().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  /** Resolves when no tick is running (for a graceful stop). */
  async settled(): Promise<void> {
    await this.ticking?.catch(() => undefined);
  }

  private async runTick(): Promise<number> {
    const now = this.now();
    const checkpoint = (this.checkpoint ??= await this.loadCheckpoint(now));
    let fired = await this.fileScheduled(checkpoint);
    const nowBucket = this.bucketOf(now);
    for (let bucket = checkpoint.firedThrough + 1; bucket <= nowBucket; bucket++) {
      const complete = bucket < nowBucket;
      fired += await this.fireBucket(bucket, now, complete);
      if (complete) checkpoint.firedThrough = bucket;
    }
    await this.saveCheckpoint(checkpoint);
    return fired;
  }

  private bucketOf(ms: number): number {
    return Math.floor(ms / this.bucketMs);
  }

  /** Reads new `TimerScheduled` events and files each in its bucket, or fires it if overdue. */
  private async fileScheduled(checkpoint: Checkpoint): Promise<number> {
    let fired = 0;
    for (;;) {
      const page = await readPage(this.options.client, this.scheduledStream, checkpoint.indexFrom, this.pageSize, true);
      for (const resolved of page) {
        const link = resolved.link ?? resolved.event;
        if (link !== undefined) checkpoint.indexFrom = link.revision + 1n;
        const timer = filedTimerOf(resolved.event?.data);
        const scheduledId = resolved.event?.id;
        if (timer === undefined || scheduledId === undefined) continue;
        const bucket = this.bucketOf(Date.parse(timer.dueAt));
        if (bucket <= checkpoint.firedThrough) {
          fired += (await this.fire(timer)) ? 1 : 0;
        } else {
          await this.options.client.appendToStream(
            this.bucketStream(bucket),
            jsonEvent({ id: deterministicUuid(`due:${scheduledId}`), type: TIMER_DUE, data: { ...timer } }),
          );
        }
      }
      if (page.length < this.pageSize) return fired;
    }
  }

  private async fireBucket(bucket: number, now: number, complete: boolean): Promise<number> {
    if (this.currentBucket !== bucket) {
      this.currentBucket = bucket;
      this.firedInCurrentBucket.clear();
    }
    let fired = 0;
    let from = 0n;
    for (;;) {
      const page = await readPage(this.options.client, this.bucketStream(bucket), from, this.pageSize);
      for (const resolved of page) {
        const event = resolved.event;
        if (event === undefined) continue;
        from = event.revision + 1n;
        const timer = filedTimerOf(event.data);
        if (timer === undefined || this.firedInCurrentBucket.has(event.id)) continue;
        if (!complete && Date.parse(timer.dueAt) > now) continue;
        if (await this.fire(timer)) fired++;
        this.firedInCurrentBucket.add(event.id);
      }
      if (page.length < this.pageSize) return fired;
    }
  }

  private async fire(timer: FiledTimer): Promise<boolean> {
    if (!(await this.options.isPending(timer.key, timer.timerId, timer.dueAt))) return false;
    const data: TimerFiredData = { key: timer.key, timerId: timer.timerId, dueAt: timer.dueAt };
    await this.options.client.appendToStream(
      this.options.inputStream(timer.key),
      jsonEvent({
        id: deterministicUuid(`fired:${timer.key}:${timer.timerId}:${timer.dueAt}`),
        type: TIMER_FIRED,
        data: { ...data },
      }),
    );
    return true;
  }

  private async loadCheckpoint(now: number): Promise<Checkpoint> {
    const last = await readLastEvent(this.options.client, this.checkpointStream);
    const data = last?.event?.data as { indexFrom?: unknown; firedThrough?: unknown } | undefined;
    if (typeof data?.indexFrom === 'string' && /^\d+$/.test(data.indexFrom) && typeof data.firedThrough === 'number') {
      return { indexFrom: BigInt(data.indexFrom), firedThrough: data.firedThrough };
    }
    // A first start: nothing was due before now that the index could not reach (overdue timers
    // are fired as they are filed).
    return { indexFrom: 0n, firedThrough: this.bucketOf(now) - 1 };
  }

  private saved: string | undefined;

  private async saveCheckpoint(checkpoint: Checkpoint): Promise<void> {
    const data = { indexFrom: checkpoint.indexFrom.toString(), firedThrough: checkpoint.firedThrough };
    const serialised = JSON.stringify(data);
    if (serialised === this.saved) return;
    const appended = await this.options.client.appendToStream(
      this.checkpointStream,
      jsonEvent({ type: TIMER_WHEEL_CHECKPOINT, data }),
    );
    if (this.saved === undefined && appended.nextExpectedRevision === 0n) {
      await this.options.client.setStreamMetadata(this.checkpointStream, { maxCount: 10 });
    }
    this.saved = serialised;
  }
}

function filedTimerOf(data: unknown): FiledTimer | undefined {
  const timer = data as Partial<PendingTimer & { key: string }> | undefined;
  if (typeof timer?.key !== 'string' || typeof timer.timerId !== 'string' || typeof timer.dueAt !== 'string') {
    return undefined;
  }
  if (Number.isNaN(Date.parse(timer.dueAt))) return undefined;
  return { key: timer.key, timerId: timer.timerId, dueAt: timer.dueAt };
}
