import {
  eventTypeFilter,
  START,
  type AllStreamSubscription,
  type EventStoreDBClient,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { join } from 'node:path';
import { BehaviorSubject, Subject, type Observable } from 'rxjs';
import { ACTOR_KIND, ENGINE_CONFIG, STORE_CLIENT, type ActorKind } from '../engine-options';
import type { EngineConfig } from '../engine.config';
import { POPULATION_EVENT_TYPES, populationChangeOf, type PopulationChange } from './population-change';
import { PopulationReadModel } from './population-read-model';
import { isSameOrigin, originOf } from './read-model-origin';

/**
 * A batch is committed at this many events, or this long after its first one, whichever comes
 * first: 5 ms once live, so a change reaches the counts at once; 250 ms while catching up, when
 * events come faster than that and each commit's own cost (the WAL write of every page the batch
 * touched, most of the `members` table when entry times are spread) is paid for thousands of them.
 */
const BATCH_EVENTS = 5_000;
const BATCH_DELAY_MS = 5;
const CATCH_UP_BATCH_DELAY_MS = 250;
/**
 * The store sends its position every this many windows of records examined (EventStoreDB's window:
 * 32): a long stretch of `$all` without a state change still moves the checkpoint, so a restart does
 * not examine it again, at one small commit per ~3,200 records at most.
 */
const CHECKPOINT_INTERVAL = 100;
/** Resubscribing after a drop waits 250 ms, doubling up to 5 s. */
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 5_000;

/** Where the projection stands. */
export interface ProjectionStatus {
  /** Position in `$all` committed up to; undefined before any. */
  readonly checkpoint: Position | undefined;
  /** Whether it has reached the end of `$all` (since it last subscribed). */
  readonly caughtUp: boolean;
  /** State changes this process has read and committed since it started. */
  readonly projected: number;
}

/** The read model's file: HEED_ENGINE_READ_MODEL, else in the data directory. */
export function readModelPath(config: EngineConfig): string {
  return config.readModel ?? join(config.dataDir, 'engine-read-model.sqlite');
}

/**
 * The population projection: a catch-up subscription to `$all` filtered on the server to the
 * types a customer moves by (`StateChanged`, `StateRederived`, `StateCorrected`), from the read
 * model's checkpoint, folding those of the engine's output streams (`lifecycle-<id>`) into the read
 * model in batches, each committed with its `$all` position. It needs no projection of the store's
 * (ADR 0081). Every replica keeps its own: nothing is shared but the streams.
 */
@Injectable()
export class PopulationProjection implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(PopulationProjection.name);
  readonly readModel: PopulationReadModel;
  /** Output streams are named this and the customer's id. */
  private readonly outputPrefix: string;
  private readonly changes$ = new Subject<PopulationChange>();
  private readonly status$: BehaviorSubject<ProjectionStatus>;

  private pending: PopulationChange[] = [];
  private pendingCheckpoint: Position | undefined;
  private pendingOrigin: string | undefined;
  private hasOrigin: boolean;
  private flushTimer: NodeJS.Timeout | undefined;

  private subscription: AllStreamSubscription | undefined;
  private caughtUpByStore = false;
  /** A commit failed: nothing more is taken until the projection resubscribes from its checkpoint. */
  private failed = false;
  private originChecked = false;
  private closing = false;
  private running: Promise<void> | undefined;
  private wakeFromPause: (() => void) | undefined;

  constructor(
    @Inject(ENGINE_CONFIG) config: EngineConfig,
    @Inject(STORE_CLIENT) private readonly client: EventStoreDBClient,
    @Inject(ACTOR_KIND) kind: ActorKind,
  ) {
    this.readModel = PopulationReadModel.open(readModelPath(config), kind.definition.machine.id);
    this.outputPrefix = `${kind.streams.output('_').split('-')[0]}-`;
    const { checkpoint, origin } = this.readModel.progress();
    this.hasOrigin = origin !== undefined;
    this.status$ = new BehaviorSubject<ProjectionStatus>({ checkpoint, caughtUp: false, projected: 0 });
  }

  /** Each state change once committed, in stream order (live, and while catching up). */
  get changes(): Observable<PopulationChange> {
    return this.changes$.asObservable();
  }

  get status(): Observable<ProjectionStatus> {
    return this.status$.asObservable();
  }

  get current(): ProjectionStatus {
    return this.status$.value;
  }

  onApplicationBootstrap(): void {
    this.running = this.run();
  }

  /** Ends the live feeds before the HTTP server closes: it waits for open responses. */
  beforeApplicationShutdown(): void {
    this.changes$.complete();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.wakeFromPause?.();
    await this.stopFollowing();
    await this.running;
    clearTimeout(this.flushTimer);
    this.commitSafely();
    this.status$.complete();
    this.readModel.close();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.closing) {
      try {
        await this.checkOrigin();
        await this.follow();
        failures = 0;
      } catch (error) {
        if (this.closing) break;
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.warn(`Population projection dropped, resuming from its checkpoint: ${reason}`);
        failures++;
      }
      // What was read before the drop is as good as any: commit it, then resume after it.
      this.commitSafely();
      if (!this.closing) await this.pause(Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** failures));
    }
  }

  /**
   * Rebuilds from the start a read model kept across another history (see `originOf`). One that
   * has a checkpoint but no origin has seen no state change, only the store's checkpoints: it holds
   * nothing to keep, and no history to check it against, so it starts again from the beginning too.
   */
  private async checkOrigin(): Promise<void> {
    if (this.originChecked) return;
    const { checkpoint, origin } = this.readModel.progress();
    if (checkpoint !== undefined) {
      const same = origin !== undefined && (await isSameOrigin(this.client, origin, checkpoint));
      if (!same) {
        if (origin !== undefined)
          this.logger.warn('The population read model was built from another store: rebuilding it');
        this.readModel.reset();
        this.hasOrigin = false;
        this.status$.next({ ...this.status$.value, checkpoint: undefined });
      }
    }
    this.originChecked = true;
  }

  /** Follows `$all` from the checkpoint until the subscription ends. */
  private async follow(): Promise<void> {
    const checkpoint = this.readModel.progress().checkpoint;
    this.discardPending();
    this.failed = false;
    this.caughtUpByStore = false;
    this.status$.next({ ...this.status$.value, caughtUp: false });
    const subscription = this.client.subscribeToAll({
      fromPosition: checkpoint ?? START,
      filter: eventTypeFilter({
        regex: `^(${POPULATION_EVENT_TYPES.join('|')})$`,
        checkpointInterval: CHECKPOINT_INTERVAL,
        checkpointReached: (_, position) => this.reachedCheckpoint(position),
      }),
    });
    this.subscription = subscription;
    try {
      await new Promise<void>((resolve, reject) => {
        subscription.on('caughtUp', () => {
          this.caughtUpByStore = true;
          this.scheduleCommit();
        });
        // Folding is synchronous: an event is taken before the next is read, so nothing piles up
        // here, and a plain handler costs less per event than an async iterator.
        subscription.on('data', (resolved: ResolvedEvent) => {
          if (this.failed) return;
          this.take(resolved);
          if (this.pending.length < BATCH_EVENTS) this.scheduleCommit();
          else if (!this.commitSafely()) reject(new Error('the read model could not be written'));
        });
        // `on`, not `once`: a late status after the first error (a dropped connection) must not throw.
        subscription.on('error', reject);
        subscription.once('end', resolve);
        subscription.once('close', resolve);
      });
    } finally {
      this.subscription = undefined;
      await subscription.unsubscribe().catch(() => undefined);
    }
  }

  private take(resolved: ResolvedEvent): void {
    const change = populationChangeOf(resolved, this.outputPrefix);
    if (change === undefined) return;
    if (!this.hasOrigin && this.pendingOrigin === undefined) this.pendingOrigin = originOf(resolved);
    this.pending.push(change);
    this.pendingCheckpoint = change.position;
  }

  /** The store has examined `$all` up to `position`: committed with the next batch. */
  private reachedCheckpoint(position: Position): void {
    if (this.failed) return;
    const pending = this.pendingCheckpoint ?? this.status$.value.checkpoint;
    if (pending !== undefined && position.commit <= pending.commit) return;
    this.pendingCheckpoint = position;
    this.scheduleCommit();
  }

  private scheduleCommit(): void {
    const live = this.caughtUpByStore || this.status$.value.caughtUp;
    this.flushTimer ??= setTimeout(
      () => {
        this.flushTimer = undefined;
        // The read model could not be written: resubscribe from what it has.
        if (!this.commitSafely()) void this.stopFollowing();
      },
      live ? BATCH_DELAY_MS : CATCH_UP_BATCH_DELAY_MS,
    );
  }

  /** Commits what was read since the last commit, with its checkpoint, then tells the live feed. */
  private commit(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const checkpoint = this.pendingCheckpoint;
    if (checkpoint !== undefined) {
      const batch = { changes: this.pending, checkpoint, origin: this.pendingOrigin };
      this.discardPending();
      this.readModel.apply(batch);
      if (batch.origin !== undefined) this.hasOrigin = true;
      if (this.changes$.observed) for (const change of batch.changes) this.changes$.next(change);
      this.status$.next({
        ...this.status$.value,
        checkpoint,
        projected: this.status$.value.projected + batch.changes.length,
      });
    }
    // Caught up once the store said so and nothing it sent before is left unread or uncommitted.
    const unread = this.subscription?.readableLength ?? 0;
    if (this.caughtUpByStore && unread === 0 && !this.status$.value.caughtUp) {
      this.status$.next({ ...this.status$.value, caughtUp: true });
    }
  }

  /**
   * `commit`, logging a failure: whether it succeeded. After a failure the events read since the
   * last commit are dropped, and so is anything the subscription still delivers (committing a
   * later batch would skip them): the caller resumes from the checkpoint.
   */
  private commitSafely(): boolean {
    if (this.failed) return false;
    try {
      this.commit();
      return true;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error(`Population read model not written, resuming from its checkpoint: ${reason}`);
      this.failed = true;
      this.discardPending();
      return false;
    }
  }

  /** Ends the subscription: the call is cancelled, and the stream closed so that `follow` returns. */
  private async stopFollowing(): Promise<void> {
    const subscription = this.subscription;
    await subscription?.unsubscribe().catch(() => undefined);
    subscription?.destroy();
  }

  private discardPending(): void {
    this.pending = [];
    this.pendingCheckpoint = undefined;
    this.pendingOrigin = undefined;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeFromPause = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
