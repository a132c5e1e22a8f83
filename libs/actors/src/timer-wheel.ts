import { jsonEvent, type EventStoreDBClient } from '@eventstore/db-client';
import { deterministicUuid } from './deterministic-id';
import { TIMER_SCHEDULED } from './output-event';
import type { TimerWheelObserver } from './runtime-observer';
import { readLastEvent, readPage } from './stream-reads';
import { TIMER_FIRED, firingIdOf, type PendingTimer, type TimerFiredData } from './timers';

/** Event type of a timer filed in its due-time bucket. */
export const TIMER_DUE = 'TimerDue';
/** Event type recording that a bucket holds timers (in the wheel's directory stream). */
export const TIMER_BUCKET_OPENED = 'TimerBucketOpened';
/** Event type of the wheel's checkpoint. */
export const TIMER_WHEEL_CHECKPOINT = 'TimerWheelCheckpoint';

export interface TimerWheelOptions {
  readonly client: EventStoreDBClient;
  /** The actor's input stream, where `TimerFired` is appended. */
  readonly inputStream: (key: string) => string;
  /**
   * What to do with a timer whose due time the wall clock has passed: `fire` it; `skip` it, when the
   * actor no longer waits for it (its state was left, or an input later than its due time already
   * fired it in front of itself); or try again `later`, when the actor is still being fed inputs (a
   * backlog or an import in progress, whose next input may come before the due time in event time).
   * The actor's fold makes the final decision: this check only saves writes and early firings.
   */
  readonly decide: (key: string, timerId: string, dueAt: string) => Promise<FiringDecision>;
  /** How long a timer waits, in wall-clock ms, when `decide` says `later`. Default 10 s. */
  readonly retryLaterMs?: number;
  /** Wall clock in ms since the epoch: the only place Heed compares timers to real time. */
  readonly now?: () => number;
  /** Width of a due-time bucket. Default one hour. */
  readonly bucketMs?: number;
  /** Prefix of bucket, directory and checkpoint streams. Default `timers`. */
  readonly streamPrefix?: string;
  /** Where `TimerScheduled` events are read from: the `$et-` projection by default. */
  readonly scheduledStream?: string;
  /** Events read per page. Default 500. */
  readonly pageSize?: number;
  /** Told about timers filed and fired (metrics). */
  readonly observer?: TimerWheelObserver;
}

interface Checkpoint {
  /** Next revision of the scheduled stream to file. */
  indexFrom: bigint;
  /** Every bucket up to and including this one has been fired completely. */
  firedThrough: number;
}

/** What the wheel does with a timer that the wall clock says is due. */
export type FiringDecision = 'fire' | 'skip' | 'later';

interface FiledTimer {
  readonly key: string;
  readonly timerId: string;
  readonly dueAt: string;
  /** The id of its firing, when its `TimerScheduled` carries one (see `firingId`). */
  readonly firing?: string;
  /** Wall-clock ms before which it is not tried again (a timer the actor asked to fire later). */
  readonly notBefore?: number;
}

/** What the wheel holds of the bucket that is due now: read so far, and not yet due. */
interface CurrentBucket {
  readonly bucket: number;
  readFrom: bigint;
  waiting: Array<FiledTimer & { dueMs: number }>;
}

/**
 * Durable timers that scale to millions pending without scanning actor streams.
 *
 * Every `TimerScheduled` output is filed, by due time, into a bucket stream
 * (`<prefix>-<yyyymmddThhmm>`), and a bucket's first timer records the bucket in a directory
 * stream (`<prefix>-buckets`). A tick fires the non-empty buckets that came due since the last
 * one, by appending `TimerFired` to each actor's input stream with an id derived from the timer,
 * so a timer fires once however often it is tried and by however many engine replicas. A restart
 * resumes from the checkpoint: a timer that came due while the engine was down fires then, with its
 * original due time. A timer filed after its bucket was fired is fired as it is filed. Start-up
 * reads the directory (one entry per non-empty bucket), never the timers themselves.
 */
export class TimerWheel {
  private readonly bucketMs: number;
  private readonly prefix: string;
  private readonly scheduledStream: string;
  private readonly pageSize: number;
  private readonly now: () => number;
  private readonly retryLaterMs: number;
  private checkpoint: Checkpoint | undefined;
  /** Buckets known to hold timers and not fired yet. */
  private readonly openBuckets = new Set<number>();
  private current: CurrentBucket | undefined;
  private ticking: Promise<number> | undefined;
  private saved: string | undefined;

  constructor(private readonly options: TimerWheelOptions) {
    this.bucketMs = options.bucketMs ?? 3_600_000;
    this.prefix = options.streamPrefix ?? 'timers';
    this.scheduledStream = options.scheduledStream ?? `$et-${TIMER_SCHEDULED}`;
    this.pageSize = options.pageSize ?? 500;
    this.now = options.now ?? (() => Date.now());
    this.retryLaterMs = options.retryLaterMs ?? 10_000;
  }

  /** The bucket stream of a bucket number. */
  bucketStream(bucket: number): string {
    const iso = new Date(bucket * this.bucketMs).toISOString();
    const minute = iso.slice(0, 16).replace(/[-:]/g, '');
    return this.bucketMs % 60_000 === 0 ? `${this.prefix}-${minute}` : `${this.prefix}-${minute}.${bucket}`;
  }

  private get directoryStream(): string {
    return `${this.prefix}-buckets`;
  }

  private get checkpointStream(): string {
    return `${this.prefix}-checkpoint`;
  }

  /**
   * Files newly scheduled timers and fires every timer due by now. Returns how many were fired.
   * Ticks never overlap: a call during a tick shares it.
   */
  tick(): Promise<number> {
    this.ticking ??= this.runTick().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  /**
   * What the wheel holds now: buckets known to hold timers not fired yet, and the timers of the
   * bucket due now that were read and are not due yet. Timers in later buckets are not counted: the
   * wheel never reads a bucket before it comes due.
   */
  pending(): { readonly openBuckets: number; readonly waiting: number } {
    return { openBuckets: this.openBuckets.size, waiting: this.current?.waiting.length ?? 0 };
  }

  /** Resolves when no tick is running (for a graceful stop). */
  async settled(): Promise<void> {
    await this.ticking?.catch(() => undefined);
  }

  private async runTick(): Promise<number> {
    const now = this.now();
    const checkpoint = (this.checkpoint ??= await this.load(now));
    let fired = await this.fileScheduled(checkpoint);
    const nowBucket = this.bucketOf(now);
    const due = [...this.openBuckets].filter((b) => b <= nowBucket).sort((a, b) => a - b);
    for (const bucket of due) {
      fired += await this.fireBucket(bucket, now);
      if (bucket < nowBucket) this.openBuckets.delete(bucket);
    }
    checkpoint.firedThrough = Math.max(checkpoint.firedThrough, nowBucket - 1);
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
          fired += (await this.fire(timer, this.now())) ? 1 : 0;
          continue;
        }
        await this.file(bucket, timer, deterministicUuid(`due:${scheduledId}`));
      }
      if (page.length < this.pageSize) return fired;
    }
  }

  /** Files a timer in a bucket (a bucket's first timer opens it in the directory). */
  private async file(bucket: number, timer: FiledTimer, id: string): Promise<void> {
    await this.options.client.appendToStream(
      this.bucketStream(bucket),
      jsonEvent({ id, type: TIMER_DUE, data: { ...timer } }),
    );
    if (timer.notBefore === undefined) this.options.observer?.filed?.();
    if (this.openBuckets.has(bucket)) return;
    await this.options.client.appendToStream(
      this.directoryStream,
      jsonEvent({
        id: deterministicUuid(`${this.directoryStream}:${bucket}`),
        type: TIMER_BUCKET_OPENED,
        data: { bucket, bucketMs: this.bucketMs },
      }),
    );
    this.openBuckets.add(bucket);
  }

  /**
   * Fires what is due in a bucket. A past bucket is read whole and fired whole; the current one is
   * read from where the last tick stopped, and its timers not yet due wait in memory.
   */
  private async fireBucket(bucket: number, now: number): Promise<number> {
    if (this.current?.bucket !== bucket) this.current = { bucket, readFrom: 0n, waiting: [] };
    const current = this.current;
    for (;;) {
      const page = await readPage(this.options.client, this.bucketStream(bucket), current.readFrom, this.pageSize);
      for (const { event } of page) {
        if (event === undefined) continue;
        current.readFrom = event.revision + 1n;
        const timer = filedTimerOf(event.data);
        if (timer !== undefined)
          current.waiting.push({ ...timer, dueMs: Math.max(Date.parse(timer.dueAt), timer.notBefore ?? 0) });
      }
      if (page.length < this.pageSize) break;
    }
    let fired = 0;
    const stillWaiting: CurrentBucket['waiting'] = [];
    for (const timer of current.waiting) {
      if (timer.dueMs > now) stillWaiting.push(timer);
      else if (await this.fire(timer, now)) fired++;
    }
    current.waiting = stillWaiting;
    return fired;
  }

  /**
   * Fires a timer by appending `TimerFired` to the actor's input, with the timer's firing id (so it
   * fires once); one the actor asks to fire later is filed again, durably, to be tried after a wait.
   */
  private async fire(timer: FiledTimer, now: number): Promise<boolean> {
    const decision = await this.options.decide(timer.key, timer.timerId, timer.dueAt);
    const id = firingIdOf(timer.key, timer);
    // Only the timer's own fields: a timer of the current bucket also carries its due instant.
    const data: TimerFiredData = {
      key: timer.key,
      timerId: timer.timerId,
      dueAt: timer.dueAt,
      ...(timer.firing === undefined ? {} : { firing: timer.firing }),
    };
    if (decision === 'later') {
      const notBefore = now + this.retryLaterMs;
      await this.file(this.bucketOf(notBefore), { ...data, notBefore }, deterministicUuid(`later:${id}:${notBefore}`));
      return false;
    }
    if (decision === 'skip') return false;
    await this.options.client.appendToStream(
      this.options.inputStream(timer.key),
      jsonEvent({ id, type: TIMER_FIRED, data: { ...data } }),
    );
    this.options.observer?.fired?.(now - Math.max(Date.parse(timer.dueAt), timer.notBefore ?? 0));
    return true;
  }

  private async load(now: number): Promise<Checkpoint> {
    const last = await readLastEvent(this.options.client, this.checkpointStream);
    const data = last?.event?.data as { indexFrom?: unknown; firedThrough?: unknown } | undefined;
    const checkpoint =
      typeof data?.indexFrom === 'string' && /^\d+$/.test(data.indexFrom) && typeof data.firedThrough === 'number'
        ? { indexFrom: BigInt(data.indexFrom), firedThrough: data.firedThrough }
        : // A first start: nothing was due before now that the filing could not reach (overdue
          // timers are fired as they are filed).
          { indexFrom: 0n, firedThrough: this.bucketOf(now) - 1 };
    for (let from = 0n; ;) {
      const page = await readPage(this.options.client, this.directoryStream, from, this.pageSize);
      for (const { event } of page) {
        if (event === undefined) continue;
        from = event.revision + 1n;
        const opened = event.data as { bucket?: unknown; bucketMs?: unknown };
        if (opened.bucketMs !== this.bucketMs || typeof opened.bucket !== 'number') continue;
        if (opened.bucket > checkpoint.firedThrough) this.openBuckets.add(opened.bucket);
      }
      if (page.length < this.pageSize) return checkpoint;
    }
  }

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
  const timer = data as Partial<PendingTimer & { key: string; notBefore: number }> | undefined;
  if (typeof timer?.key !== 'string' || typeof timer.timerId !== 'string' || typeof timer.dueAt !== 'string') {
    return undefined;
  }
  if (Number.isNaN(Date.parse(timer.dueAt))) return undefined;
  const notBefore = typeof timer.notBefore === 'number' ? { notBefore: timer.notBefore } : {};
  const firing = typeof timer.firing === 'string' ? { firing: timer.firing } : {};
  return { key: timer.key, timerId: timer.timerId, dueAt: timer.dueAt, ...firing, ...notBefore };
}
