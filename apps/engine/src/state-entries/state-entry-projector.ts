import {
  START,
  WrongExpectedVersionError,
  binaryEvent,
  eventTypeFilter,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type EventData,
  type EventStoreDBClient,
  type Position,
} from '@eventstore/db-client';
import { deterministicUuid, readLastEvent, STATE_CHANGED, STATE_CORRECTED } from '@heed/actors';
import { enteredStates, stateEntryStream, type StateEntry } from './state-entries';

/** Type of the projector's checkpoint events. */
export const STATE_ENTRY_CHECKPOINT = 'StateEntryCheckpoint';
/** The projector's checkpoint stream (kept one deep): how far in `$all` every entry is linked. */
export const STATE_ENTRY_CHECKPOINT_STREAM = 'stateentries-checkpoint';
/** Link events, as EventStoreDB's `linkTo` writes them: data `<revision>@<stream>`. */
export const LINK_EVENT_TYPE = '$>';

/** A checkpoint is written after this many state changes read, and when the projector stops. */
const CHECKPOINT_EVERY = 1_000;
/**
 * Links are appended with one call per stream, this long after the first one read, or at once at
 * this many: a catch-up writes hundreds of links per round trip instead of one, and a live entry
 * reaches its stream a few milliseconds later than alone (ADR 0079).
 */
const LINKS_PER_FLUSH = 500;
const FLUSH_DELAY_MS = 10;
/** Resubscribing after a drop waits 250 ms, doubling up to 5 s. */
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 5_000;
const MAX_CONFLICT_RETRIES = 5;

/** Metadata of a state-entry link: what it points at, and where in `$all` its target was committed. */
export interface StateEntryLinkMetadata {
  /** Id of the `StateChanged` it links to. */
  readonly $causationId: string;
  readonly $correlationId: string;
  /** The actor (customer) id. */
  readonly key: string;
  /** The `at` of the `StateChanged`: the customer's clock when it entered the state. */
  readonly at: string | null;
  /** `$all` position of the `StateChanged` (strings): the projector resumes after the last one. */
  readonly commitPosition: string;
  readonly preparePosition: string;
}

export interface StateEntryProjectorOptions {
  readonly client: EventStoreDBClient;
  /** The states whose entries get a stream. */
  readonly entries: readonly StateEntry[];
  /** Each region's initial state: a first change (`from: null`) starts from them. */
  readonly initial: Readonly<Record<string, string>>;
  /** Category of the actors' output streams (`lifecycle`): only their `StateChanged` are read. */
  readonly outputCategory: string;
  /** Told when the subscription drops (it resumes by itself). */
  readonly onDrop?: (reason: string) => void;
  /** Links are appended this long after the first one queued (default 10 ms)… */
  readonly flushDelayMs?: number;
  /** …or at once when this many are queued (default 500). */
  readonly linksPerFlush?: number;
}

/** A link waiting for its stream's next append, with the `$all` position of its target. */
interface PendingLink {
  readonly event: EventData;
  readonly position: Position;
}

interface Head {
  /** Expected revision of the next link. */
  revision: bigint | 'no_stream';
  /** `$all` position of the last linked `StateChanged`. */
  position: Position | undefined;
}

const compare = (a: Position, b: Position): number =>
  a.commit === b.commit ? (a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1) : a.commit < b.commit ? -1 : 1;

const later = (a: Position | undefined, b: Position | undefined): Position | undefined =>
  a === undefined ? b : b === undefined || compare(a, b) >= 0 ? a : b;

function positionOf(metadata: unknown): Position | undefined {
  const m = metadata as { commitPosition?: unknown; preparePosition?: unknown } | undefined;
  if (typeof m?.commitPosition !== 'string' || typeof m.preparePosition !== 'string') return undefined;
  if (!/^\d+$/.test(m.commitPosition) || !/^\d+$/.test(m.preparePosition)) return undefined;
  return { commit: BigInt(m.commitPosition), prepare: BigInt(m.preparePosition) };
}

/** The link to a state change, as EventStoreDB's `linkTo` writes it, with its target's position. */
function linkTo(stream: string, resolved: AllStreamResolvedEvent, position: Position): PendingLink['event'] {
  const target = resolved.event!;
  const metadata = (target.metadata ?? {}) as { $correlationId?: unknown; key?: unknown };
  const data = target.data as { key?: unknown; at?: unknown };
  const key = typeof data.key === 'string' ? data.key : typeof metadata.key === 'string' ? metadata.key : '';
  const linkMetadata: StateEntryLinkMetadata = {
    $causationId: target.id,
    $correlationId: typeof metadata.$correlationId === 'string' ? metadata.$correlationId : target.id,
    key,
    at: typeof data.at === 'string' ? data.at : null,
    commitPosition: position.commit.toString(),
    preparePosition: position.prepare.toString(),
  };
  return binaryEvent({
    id: deterministicUuid(`${stream}:${target.id}`),
    type: LINK_EVENT_TYPE,
    data: Buffer.from(`${target.revision}@${target.streamId}`, 'utf8'),
    metadata: linkMetadata,
  });
}

/**
 * Writes the state-entry streams (`became-suspicious`, `became-at-risk`, …): for each `StateChanged`
 * of the actors' output streams that enters one of the configured states, a link event (`$>`, data
 * `<revision>@lifecycle-<id>`, as EventStoreDB's `linkTo` writes it) to `became-<state>`. A
 * downstream system reads it with any client and `resolveLinkTos: true`.
 *
 * It reads `$all` filtered to `StateChanged` (no user or system projection needed, so it runs the
 * same on EventStoreDB and the embedded store) and is the only writer of those streams. Each link
 * is appended with the stream's expected revision and an id derived from its target, and carries
 * the target's `$all` position: the streams are their own checkpoint. On start it resumes after the
 * earliest of their last positions (or its own checkpoint, when later), and skips, per stream, what
 * that stream already links. So a restart, a crash between two streams' appends, or a second
 * engine replica running its own projector never writes a link twice: a racing writer loses on the
 * expected revision, reloads the stream's head and finds the entry there.
 */
export class StateEntryProjector {
  private readonly heads = new Map<string, Head>();
  /** Links read but not yet appended, per stream, in `$all` order. */
  private readonly pending = new Map<string, PendingLink[]>();
  private pendingCount = 0;
  /** Position of the last state change read; `last` moves to it once its links are appended. */
  private read: Position | undefined;
  private subscription: AllStreamSubscription | undefined;
  private closing = false;
  private running: Promise<void> | undefined;
  /** Flushes run one after another, so a stream's links are appended in order. */
  private flushing: Promise<void> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private last: Position | undefined;
  private sinceCheckpoint = 0;
  private linked = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: StateEntryProjectorOptions) {}

  /** Links written by this projector since it started. */
  get linksWritten(): number {
    return this.linked;
  }

  /** Starts following `$all`; resumes by itself after a drop until `stop()`. */
  start(): void {
    this.running ??= this.run();
  }

  /** Stops following and writes the checkpoint of what it has read. */
  async stop(): Promise<void> {
    this.closing = true;
    this.wake?.();
    await this.subscription?.unsubscribe().catch(() => undefined);
    await this.running;
    await this.writeCheckpoint().catch(() => undefined);
  }

  /** Resolves once a state change at or after `position` in `$all` has been read and linked. */
  reached(position: Position): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.last !== undefined && compare(this.last, position) >= 0) {
          this.listeners.delete(check);
          resolve();
        }
      };
      this.listeners.add(check);
      check();
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.closing) {
      try {
        await this.follow();
        failures = 0;
      } catch (error) {
        if (this.closing) break;
        this.options.onDrop?.(error instanceof Error ? error.message : String(error));
        failures++;
      }
      if (!this.closing) await this.pause(Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** failures));
    }
  }

  private async follow(): Promise<void> {
    const from = await this.loadHeads();
    if (this.closing) return;
    const subscription = this.options.client.subscribeToAll({
      fromPosition: from ?? START,
      // A correction (ADR 0078) that puts a customer in a state is an entry too: it is there now.
      filter: eventTypeFilter({ regex: `^(${STATE_CHANGED}|${STATE_CORRECTED})$` }),
    });
    this.subscription = subscription;
    try {
      for await (const resolved of subscription) {
        if (this.closing) break;
        this.take(resolved);
        if (this.pendingCount >= (this.options.linksPerFlush ?? LINKS_PER_FLUSH)) await this.flush();
        else
          this.flushTimer ??= setTimeout(() => {
            // A failed append ends the subscription with its error: `run` resumes from the heads.
            this.flush().catch((error: unknown) => subscription.destroy(error as Error));
          }, this.options.flushDelayMs ?? FLUSH_DELAY_MS);
      }
    } finally {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
      await this.flushing.catch(() => undefined);
      this.flushing = Promise.resolve();
      // What was read but not linked is read again from the heads on resuming.
      this.pending.clear();
      this.pendingCount = 0;
      this.read = undefined;
      this.subscription = undefined;
      await subscription.unsubscribe().catch(() => undefined);
    }
  }

  /**
   * Reads each stream's head (its revision and the position of its last target) and the checkpoint;
   * returns where to resume: after the earliest head not behind the checkpoint.
   */
  private async loadHeads(): Promise<Position | undefined> {
    const checkpointEvent = await readLastEvent(this.options.client, STATE_ENTRY_CHECKPOINT_STREAM);
    const checkpoint = positionOf(checkpointEvent?.event?.data);
    const resumes: Array<Position | undefined> = [];
    for (const { state } of this.options.entries) {
      const head = await this.loadHead(stateEntryStream(state));
      resumes.push(later(head.position, checkpoint));
    }
    // A stream with nothing linked yet (and no checkpoint) is read from the start of `$all`.
    const from = resumes.some((p) => p === undefined)
      ? undefined
      : resumes.reduce((a, b) => (compare(a!, b!) <= 0 ? a : b));
    this.last = from;
    return from;
  }

  private async loadHead(stream: string): Promise<Head> {
    const last = await readLastEvent(this.options.client, stream);
    const head: Head = {
      revision: last?.event === undefined ? 'no_stream' : last.event.revision,
      position: positionOf(last?.event?.metadata),
    };
    this.heads.set(stream, head);
    return head;
  }

  /** Queues the links a state change calls for. */
  private take(resolved: AllStreamResolvedEvent): void {
    const event = resolved.event;
    if (event === undefined || event.position === undefined) return;
    if (event.streamId.startsWith(`${this.options.outputCategory}-`) && event.isJson) {
      const data = event.data as { key?: unknown; from?: unknown; to?: unknown; at?: unknown };
      for (const entry of enteredStates(
        { from: data.from ?? null, to: data.to },
        this.options.entries,
        this.options.initial,
      )) {
        const stream = stateEntryStream(entry.state);
        const links = this.pending.get(stream) ?? [];
        if (links.length === 0) this.pending.set(stream, links);
        links.push({ event: linkTo(stream, resolved, event.position), position: event.position });
        this.pendingCount++;
      }
    }
    this.read = event.position;
    this.sinceCheckpoint++;
  }

  /** Appends the queued links (one call per stream), then moves `last` and maybe checkpoints. */
  private flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const read = this.read;
    const batches = [...this.pending];
    this.pending.clear();
    this.pendingCount = 0;
    this.flushing = this.flushing.then(() => this.appendRead(batches, read));
    return this.flushing;
  }

  private async appendRead(batches: ReadonlyArray<[string, PendingLink[]]>, read: Position | undefined): Promise<void> {
    await Promise.all(batches.map(([stream, links]) => this.append(stream, links)));
    if (read === undefined || (this.last !== undefined && compare(this.last, read) >= 0)) return;
    this.last = read;
    for (const listener of [...this.listeners]) listener();
    if (this.sinceCheckpoint >= CHECKPOINT_EVERY) await this.writeCheckpoint();
  }

  /**
   * Appends the links the stream does not have yet; a racing writer makes it reload the head and
   * decide again, so each link is written once whoever writes it.
   */
  private async append(stream: string, links: readonly PendingLink[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const head = this.heads.get(stream) ?? (await this.loadHead(stream));
      const linked = head.position;
      const missing = linked === undefined ? links : links.filter((l) => compare(l.position, linked) > 0);
      if (missing.length === 0) return;
      try {
        const appended = await this.options.client.appendToStream(
          stream,
          missing.map((l) => l.event),
          { expectedRevision: head.revision },
        );
        head.revision = appended.nextExpectedRevision;
        head.position = missing[missing.length - 1]!.position;
        this.linked += missing.length;
        return;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_CONFLICT_RETRIES) throw error;
        await this.loadHead(stream);
      }
    }
  }

  private async writeCheckpoint(): Promise<void> {
    // Only what is linked counts: queued links are appended before the checkpoint passes them.
    const position = this.last;
    if (position === undefined || this.sinceCheckpoint === 0) return;
    this.sinceCheckpoint = 0;
    const appended = await this.options.client.appendToStream(
      STATE_ENTRY_CHECKPOINT_STREAM,
      jsonEvent({
        type: STATE_ENTRY_CHECKPOINT,
        data: { commitPosition: position.commit.toString(), preparePosition: position.prepare.toString() },
      }),
    );
    if (appended.nextExpectedRevision === 0n)
      await this.options.client.setStreamMetadata(STATE_ENTRY_CHECKPOINT_STREAM, { maxCount: 1 });
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
