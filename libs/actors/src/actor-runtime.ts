import {
  WrongExpectedVersionError,
  jsonEvent,
  type EventStoreDBClient,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { AnyStateMachine } from 'xstate';
import type { ActorDefinition, RecordedInput } from './actor-definition';
import { ACTOR_SNAPSHOT, fromSnapshotData, toSnapshotData } from './actor-snapshot';
import {
  correct,
  correctionOutputs,
  inputTimeMs,
  stepOutputs,
  type Correction,
  type DerivedOutput,
} from './event-time';
import type { ActorState } from './actor-state';
import { deterministicUuid } from './deterministic-id';
import { Mailboxes } from './mailbox';
import { STATE_REDERIVED } from './output-event';
import { rederivationEvents, recordedStateOf, recordedVersionOf } from './rederivation';
import { ResidentActors } from './resident-actors';
import type { ActorRuntimeObserver } from './runtime-observer';
import { Semaphore } from './semaphore';
import { initialState, step } from './step';
import { readAhead, readLastEvent, readStreamBackwards } from './stream-reads';

/** Where an actor's events live. The runtime knows streams, not what the actors are. */
export interface ActorStreams {
  /** The actor's input: the events it folds, in order (signals and `TimerFired`). */
  input(key: string): string;
  /** The actor's outputs: state changes, command events, timers set and cancelled. */
  output(key: string): string;
  /** Snapshots of the actor's state: a cache, never the truth. */
  snapshot(key: string): string;
}

/** Metadata on every output event: where it came from, so that "why" can always be answered. */
export interface OutputMetadata {
  readonly $causationId: string;
  readonly $correlationId: string;
  readonly key: string;
  readonly causationStream: string;
  /**
   * The input whose fold wrote it: the input itself, or for a timer that came due in front of an
   * input, that input (the timer is then the `$causationId` and `causationType` is `TimerFired`).
   */
  readonly causationRevision: string;
  readonly causationType: string;
  /** The actor's clock when the output was produced: the input's time, or the timer's due time. */
  readonly occurredAt: string | null;
  readonly machineVersion: string;
}

export interface ActorRuntimeOptions<TMachine extends AnyStateMachine> {
  readonly client: EventStoreDBClient;
  readonly definition: ActorDefinition<TMachine>;
  readonly streams: ActorStreams;
  /** Write a snapshot after this many inputs folded since the last one. Default 100. */
  readonly snapshotEvery?: number;
  /**
   * Snapshots kept per actor (the stream's `$maxCount`). Default 1,000: a late input re-folds,
   * and time travel starts, from the latest one before its point rather than from the start.
   */
  readonly snapshotsKept?: number;
  /** Most actors kept in memory. Default 100,000. */
  readonly maxResident?: number;
  /** An actor idle this long is passivated by `passivateIdle()`. Default 10 minutes. */
  readonly idleMs?: number;
  /** Most rehydrations running at once, so that a restart under load does not stampede. Default 16. */
  readonly maxConcurrentRehydrations?: number;
  /** Attempts when another writer got to the actor's output stream first. Default 5. */
  readonly maxConflictRetries?: number;
  /** Inputs read per page while rehydrating. Default 1,000. */
  readonly readPageSize?: number;
  /** Monotonic milliseconds, for idleness only (never for the machine's time). */
  readonly now?: () => number;
  /** Wall clock (ms since the epoch) in which `sinceLastInput` is told. Default `Date.now`. */
  readonly wallClock?: () => number;
  /** Told when a machine returns actions the runtime does not execute (custom actions). */
  readonly onIgnoredActions?: (key: string, actionTypes: readonly string[]) => void;
  /** Told about rehydrations, appends, snapshots and conflicts (metrics). */
  readonly observer?: ActorRuntimeObserver;
}

/** What processing an input did. */
export interface ProcessResult {
  /** `duplicate`: the input (or a later one) was already processed; nothing was written. */
  readonly status: 'processed' | 'duplicate';
  /** Inputs folded by this call: more than one when earlier inputs had not been seen yet. */
  readonly inputs: number;
  /** Output events appended by this call. */
  readonly outputs: number;
}

interface Resident<TMachine extends AnyStateMachine> {
  state: ActorState<TMachine>;
  /** Revision of the last event in the output stream, the expected revision of the next append. */
  outputRevision: bigint | 'no_stream';
  foldedSinceSnapshot: number;
  /** When (wall clock) it last folded an input not seen before; undefined since rehydration. */
  lastInputAt?: number;
  /** Whether its snapshot stream's retention was set since it came into memory. */
  snapshotRetentionSet?: boolean;
}

/** Most inputs whose outputs go into one append (bounded well under the store's append size). */
const MAX_INPUTS_PER_APPEND = 64;

/** The actor's input revision that an output was caused by, from its metadata. */
function causationRevisionOf(event: { readonly metadata?: unknown } | undefined): bigint | undefined {
  const metadata = event?.metadata as Partial<OutputMetadata> | undefined;
  const revision = metadata?.causationRevision;
  return typeof revision === 'string' && /^\d+$/.test(revision) ? BigInt(revision) : undefined;
}

const correlationOf = (input: RecordedInput): string => {
  const metadata = input.metadata as { $correlationId?: unknown } | null | undefined;
  return typeof metadata?.$correlationId === 'string' ? metadata.$correlationId : input.id;
};

/**
 * Runs event-sourced XState actors over EventStoreDB streams.
 *
 * An actor's state is the fold of its input stream through the machine; each input's outputs
 * (state change, command events, timers) are appended to the actor's output stream in one append,
 * with the expected revision of that stream and ids derived from the input's id. So a crash at any
 * point, or a second engine processing the same actor, leads to the same outputs exactly once:
 * a retried append is deduplicated by id, a racing writer loses on the expected revision, reloads
 * and finds the input already processed.
 *
 * Inputs of one actor are processed one at a time and in stream order, whatever order they are
 * handed in; different actors in parallel.
 */
export class ActorRuntime<TMachine extends AnyStateMachine> {
  private readonly mailboxes = new Mailboxes();
  /** Inputs handed in and not processed yet, by actor and revision. */
  private readonly handedIn = new Map<string, Map<bigint, RecordedInput>>();
  private readonly resident: ResidentActors<Resident<TMachine>>;
  private readonly rehydrations: Semaphore;
  private readonly options: Required<Omit<ActorRuntimeOptions<TMachine>, 'onIgnoredActions' | 'observer'>> &
    Pick<ActorRuntimeOptions<TMachine>, 'onIgnoredActions' | 'observer'>;

  constructor(options: ActorRuntimeOptions<TMachine>) {
    this.options = {
      snapshotEvery: 100,
      snapshotsKept: 1_000,
      maxResident: 100_000,
      idleMs: 10 * 60_000,
      maxConcurrentRehydrations: 16,
      maxConflictRetries: 5,
      readPageSize: 1_000,
      now: () => performance.now(),
      ...options,
      wallClock: options.wallClock ?? (() => Date.now()),
    };
    this.resident = new ResidentActors(this.options.maxResident, this.options.idleMs, this.options.now);
    this.rehydrations = new Semaphore(this.options.maxConcurrentRehydrations);
  }

  /**
   * Processes an actor's input and every earlier input of its stream not processed yet; resolves
   * once their outputs are durable in the store. Inputs of one actor handed in while it is busy
   * are processed together, their outputs in one append (each output still carries its own cause).
   */
  process(key: string, input: RecordedInput): Promise<ProcessResult> {
    let queued = this.handedIn.get(key);
    if (queued === undefined) this.handedIn.set(key, (queued = new Map<bigint, RecordedInput>()));
    queued.set(input.revision, input);
    return this.mailboxes.post(key, () => this.processInMailbox(key, input.revision));
  }

  /**
   * The actor's current state: the fold of its whole input stream. Inputs not processed yet are
   * processed first (their outputs appended), so the state never runs ahead of its outputs.
   */
  state(key: string): Promise<ActorState<TMachine>> {
    return this.mailboxes.post(key, async () => {
      await this.processInMailbox(key, undefined);
      return (await this.residentOf(key)).state;
    });
  }

  /**
   * Makes sure an actor's outputs are this machine version's: an actor another version wrote is
   * re-derived now (`StateRederived`, ADR 0075), as it would be on its next input. An actor not in
   * memory is not kept there. Returns whether a re-derivation was recorded.
   */
  rederive(key: string): Promise<boolean> {
    return this.mailboxes.post(key, async () => {
      if (this.resident.has(key)) return false;
      return (await this.rehydrations.run(() => this.load(key))).rederived;
    });
  }

  /** Rebuilds an actor's state from its stream alone, ignoring snapshots and memory. */
  async replay(key: string, upTo?: bigint): Promise<ActorState<TMachine>> {
    let state = initialState(this.options.definition, key);
    for await (const input of this.readInputs(key, 0n, upTo)) {
      const next = this.foldInput(key, state, input, false);
      state = next instanceof Promise ? await next : next;
    }
    return state;
  }

  /**
   * Folds one input into a state without writing anything: `step()`, or for an input that arrived
   * late within the allowed lateness, a re-fold in event-time order (ADR 0078). `useSnapshots`:
   * whether the re-fold may start from a stored snapshot. Synchronous for an input in order (a
   * rehydration folds thousands without a turn of the event loop each).
   */
  private foldInput(
    key: string,
    state: ActorState<TMachine>,
    input: RecordedInput,
    useSnapshots = true,
  ): ActorState<TMachine> | Promise<ActorState<TMachine>> {
    const result = step(this.options.definition, state, input);
    if (!this.refoldsLate(result.lateByMs)) return result.state;
    return this.correctLate(key, state, input, result.lateByMs, useSnapshots).then((corrected) => corrected.state);
  }

  private refoldsLate(lateByMs: number | undefined): lateByMs is number {
    return lateByMs !== undefined && lateByMs <= (this.options.definition.allowedLatenessMs ?? 0);
  }

  /**
   * Folds a late input where its time puts it (`correct`): from the latest stored snapshot that is a
   * state on the way (its event clock before the input's time, and no input after it sorting before
   * it), else from the start. `useSnapshots`: whether snapshots may be the base.
   */
  private async correctLate(
    key: string,
    before: ActorState<TMachine>,
    input: RecordedInput,
    lateByMs: number,
    useSnapshots = true,
  ): Promise<Correction<TMachine>> {
    const { definition } = this.options;
    const timeMs = inputTimeMs(definition, input) ?? Number.NEGATIVE_INFINITY;
    for await (const base of this.basesFor(key, input.revision, timeMs, useSnapshots)) {
      const inputs: RecordedInput[] = [];
      if (input.revision > base.inputRevision + 1n) {
        for await (const earlier of this.readInputs(key, base.inputRevision + 1n, input.revision - 1n)) {
          inputs.push(earlier);
        }
      }
      inputs.push(input);
      const corrected = correct(definition, before, base, inputs, lateByMs);
      if (corrected !== undefined) return corrected;
    }
    throw new Error('unreachable: the initial state is a base of every re-fold');
  }

  /**
   * States a re-fold up to input `revision` (time `timeMs`) may start from, the latest first: the
   * actor's stored snapshots folded before it with an event clock not past its time, then the start.
   */
  private async *basesFor(
    key: string,
    revision: bigint,
    timeMs: number,
    useSnapshots: boolean,
  ): AsyncGenerator<ActorState<TMachine>> {
    const { definition, streams, client } = this.options;
    if (useSnapshots) {
      for await (const event of readStreamBackwards(client, streams.snapshot(key))) {
        const state = fromSnapshotData(definition, key, event.data);
        if (state === undefined || state.inputRevision >= revision) continue;
        // Every input it folded must sort before the late one: an earlier time (ties sort by arrival).
        if (state.eventClockMs !== undefined && state.eventClockMs >= timeMs) continue;
        yield state;
      }
    }
    yield initialState(definition, key);
  }

  /** Drops actors idle for longer than the idle timeout. Returns how many were dropped. */
  passivateIdle(): number {
    return this.resident.passivateIdle();
  }

  /** Whether the actor is in memory now. */
  isResident(key: string): boolean {
    return this.resident.has(key);
  }

  /**
   * Wall-clock milliseconds since the actor last folded a new input, or undefined
   * when it has not since it came into memory. An actor fed inputs right now may be catching up on
   * a backlog: the timer wheel waits before firing its timers by the wall clock.
   */
  sinceLastInput(key: string): number | undefined {
    const at = this.resident.peek(key)?.lastInputAt;
    return at === undefined ? undefined : this.options.wallClock() - at;
  }

  /** Actors in memory. */
  get residentCount(): number {
    return this.resident.size;
  }

  /** Resolves once all inputs handed in so far are processed. */
  drain(): Promise<void> {
    return this.mailboxes.drain();
  }

  /** Processes the actor's inputs up to `upTo` (or up to the end of its stream when undefined). */
  private async processInMailbox(key: string, upTo: bigint | undefined): Promise<ProcessResult> {
    for (let attempt = 0; ; attempt++) {
      // After a conflict, rebuilt from the store whatever was handed in.
      const resident = await this.residentOf(key, attempt === 0);
      try {
        if (upTo !== undefined && upTo <= resident.state.inputRevision) {
          return { status: 'duplicate', inputs: 0, outputs: 0 };
        }
        let inputs = 0;
        let outputs = 0;
        for await (const batch of this.pendingInputs(key, resident.state.inputRevision + 1n, upTo)) {
          outputs += await this.apply(resident, batch);
          inputs += batch.length;
          // Within a backlog too: late inputs and time travel re-fold from the nearest snapshot.
          await this.snapshotIfDue(resident);
        }
        // And after a rehydration that folded many inputs, even with nothing new to process.
        await this.snapshotIfDue(resident);
        return { status: inputs === 0 && upTo === undefined ? 'duplicate' : 'processed', inputs, outputs };
      } catch (error) {
        this.resident.delete(key);
        if (!(error instanceof WrongExpectedVersionError) || attempt >= this.options.maxConflictRetries) throw error;
        this.options.observer?.conflictRetried?.();
      } finally {
        this.forgetHandedIn(key);
      }
    }
  }

  /**
   * The inputs to process from revision `from`, in batches: those handed in (a contiguous run,
   * possibly beyond `upTo`), else read from the stream up to `upTo` (the end when undefined).
   */
  private async *pendingInputs(key: string, from: bigint, upTo: bigint | undefined): AsyncGenerator<RecordedInput[]> {
    const queued = this.handedIn.get(key);
    const run: RecordedInput[] = [];
    for (let revision = from; run.length < MAX_INPUTS_PER_APPEND; revision++) {
      const input = queued?.get(revision);
      if (input === undefined) break;
      run.push(input);
    }
    const last = run.at(-1)?.revision;
    if (upTo !== undefined && last !== undefined && last >= upTo) {
      yield run;
      return;
    }
    let batch: RecordedInput[] = [];
    for await (const input of this.readInputs(key, from, upTo)) {
      batch.push(input);
      if (batch.length === MAX_INPUTS_PER_APPEND) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  private forgetHandedIn(key: string): void {
    const queued = this.handedIn.get(key);
    if (queued === undefined) return;
    const done = this.resident.peek(key)?.state.inputRevision;
    for (const revision of queued.keys()) if (done === undefined || revision <= done) queued.delete(revision);
    if (queued.size === 0) this.handedIn.delete(key);
  }

  /**
   * Folds a batch of consecutive inputs and appends all their outputs in one append, with the
   * output stream's expected revision; the resident state changes only once the append succeeded.
   * An input that arrived late within the allowed lateness is corrected on its own append, after
   * the outputs of the inputs before it (ADR 0078). Returns how many outputs were appended.
   */
  private async apply(resident: Resident<TMachine>, inputs: readonly RecordedInput[]): Promise<number> {
    const { definition } = this.options;
    const key = resident.state.key;
    let state = resident.state;
    let events: ReturnType<typeof jsonEvent>[] = [];
    let folded = 0;
    let written = 0;
    const commit = async (): Promise<void> => {
      written += await this.append(resident, events, folded, state);
      events = [];
      folded = 0;
    };
    for (const input of inputs) {
      const result = step(definition, state, input);
      if (this.refoldsLate(result.lateByMs)) {
        await commit();
        const correction = await this.correction(resident, input, result.lateByMs);
        state = correction.state;
        events = correction.events;
        folded = 1;
        await commit();
        continue;
      }
      if (result.ignoredActions.length > 0) this.options.onIgnoredActions?.(key, result.ignoredActions);
      if (result.lateByMs !== undefined) this.options.observer?.markedLate?.();
      for (const output of stepOutputs(definition, state, input, result)) events.push(this.eventOf(key, input, output));
      state = result.state;
      folded++;
    }
    await commit();
    return written;
  }

  /**
   * The event to append for an output of `input`'s fold. Its metadata names the cause: the input
   * itself, or a timer that came due in front of it (its own cause, with the id its wall-clock
   * firing would have; the input is where the clock passed it, and how far outputs are written).
   */
  private eventOf(key: string, input: RecordedInput, output: DerivedOutput): ReturnType<typeof jsonEvent> {
    const { definition, streams } = this.options;
    const byTimer = output.causationId !== input.id;
    const metadata: OutputMetadata = {
      $causationId: output.causationId,
      $correlationId: byTimer ? output.causationId : correlationOf(input),
      key,
      causationStream: streams.input(key),
      causationRevision: input.revision.toString(),
      causationType: output.causationType,
      occurredAt: output.occurredAt,
      machineVersion: definition.version,
    };
    return jsonEvent({ id: output.id, type: output.type, data: output.data, metadata: jsonBytes(metadata) });
  }

  /** Appends outputs of `folded` inputs at the output stream's expected revision, then moves the resident. */
  private async append(
    resident: Resident<TMachine>,
    events: ReturnType<typeof jsonEvent>[],
    folded: number,
    state: ActorState<TMachine>,
  ): Promise<number> {
    if (events.length > 0) {
      const appended = await this.options.client.appendToStream(this.options.streams.output(state.key), events, {
        expectedRevision: resident.outputRevision,
      });
      resident.outputRevision = appended.nextExpectedRevision;
    }
    if (folded > 0 || events.length > 0) this.options.observer?.appended?.(folded, events);
    resident.state = state;
    resident.foldedSinceSnapshot += folded;
    if (folded > 0) resident.lastInputAt = this.options.wallClock();
    return events.length;
  }

  /**
   * A late input folded where its time puts it (ADR 0078): the actor re-folded in event-time order
   * from a state before it, and the outputs that records — `StateCorrected`, the commands the
   * re-fold has that were not sent for the same stretch of history, the net change of timers.
   */
  private async correction(
    resident: Resident<TMachine>,
    input: RecordedInput,
    lateByMs: number,
  ): Promise<{ state: ActorState<TMachine>; events: ReturnType<typeof jsonEvent>[] }> {
    const key = resident.state.key;
    const correction = await this.correctLate(key, resident.state, input, lateByMs);
    this.options.observer?.corrected?.(correction.inputsRefolded);
    return {
      state: correction.state,
      events: correctionOutputs(input, correction as Correction<AnyStateMachine>).map(
        (output): ReturnType<typeof jsonEvent> => this.eventOf(key, input, output),
      ),
    };
  }

  private async snapshotIfDue(resident: Resident<TMachine>): Promise<void> {
    if (resident.foldedSinceSnapshot < this.options.snapshotEvery) return;
    const { definition, streams, client } = this.options;
    const stream = streams.snapshot(resident.state.key);
    const data = toSnapshotData(definition, resident.state);
    const id = deterministicUuid(`${stream}:${data.inputRevision}:${definition.version}:${data.foldVersion}`);
    // A snapshot is a cache: failing to write one costs a longer replay later, nothing else.
    try {
      const appended = await client.appendToStream(stream, jsonEvent({ id, type: ACTOR_SNAPSHOT, data: { ...data } }));
      // Set once per stay in memory: streams written with an older retention get this one.
      if (appended.nextExpectedRevision === 0n || resident.snapshotRetentionSet !== true) {
        await client.setStreamMetadata(stream, { maxCount: this.options.snapshotsKept });
        resident.snapshotRetentionSet = true;
      }
      resident.foldedSinceSnapshot = 0;
      this.options.observer?.snapshot?.('written');
    } catch {
      resident.foldedSinceSnapshot = 0;
      this.options.observer?.snapshot?.('failed');
    }
  }

  /**
   * The actor in memory, else rebuilt from the store (`load`). With `mayStartFresh`, an actor whose
   * first input (revision 0) was handed in and that has no outputs yet starts from its initial state
   * (ADR 0086).
   */
  private async residentOf(key: string, mayStartFresh = false): Promise<Resident<TMachine>> {
    const cached = this.resident.get(key);
    if (cached !== undefined) return cached;
    const firstInput = mayStartFresh && this.handedIn.get(key)?.has(0n) === true;
    const { resident: rehydrated } = await this.rehydrations.run(() => this.load(key, 0, firstInput));
    this.resident.set(key, rehydrated);
    return rehydrated;
  }

  /**
   * Rebuilds an actor: its latest usable snapshot, plus the inputs after it up to the last input
   * whose outputs are in the output stream. Inputs after that are processed by `process`.
   */
  private async load(
    key: string,
    attempt = 0,
    firstInput = false,
  ): Promise<{ resident: Resident<TMachine>; rederived: boolean }> {
    const { definition, streams, observer } = this.options;
    const startedAt = observer?.rehydrated === undefined ? 0 : performance.now();
    const lastOutputRead = readLastEvent(this.options.client, streams.output(key));
    // Its first input handed in and no outputs written (ADR 0086): nothing to rebuild, whatever a
    // snapshot holds (inputs without outputs fold again to the same state), and no other machine
    // version's outputs to re-derive. The snapshot is not read.
    if (firstInput && (await lastOutputRead) === undefined) {
      observer?.startedFresh?.();
      const state = initialState(definition, key);
      return { resident: { state, outputRevision: 'no_stream', foldedSinceSnapshot: 0 }, rederived: false };
    }
    // Both reads at once: independent, and each is a round trip to the store.
    const [lastOutput, snapshotEvent] = await Promise.all([
      lastOutputRead,
      readLastEvent(this.options.client, streams.snapshot(key)),
    ]);
    const processedUpTo = lastOutput === undefined ? -1n : (causationRevisionOf(lastOutput.event) ?? -1n);
    const fromSnapshot =
      snapshotEvent?.event === undefined ? undefined : fromSnapshotData(definition, key, snapshotEvent.event.data);
    let state = fromSnapshot ?? initialState(definition, key);
    let folded = 0;
    if (processedUpTo > state.inputRevision) {
      for await (const input of this.readInputs(key, state.inputRevision + 1n, processedUpTo)) {
        const next = this.foldInput(key, state, input);
        state = next instanceof Promise ? await next : next;
        folded++;
      }
    }
    observer?.rehydrated?.((performance.now() - startedAt) / 1000, folded, fromSnapshot !== undefined);
    const outputRevision = lastOutput?.event?.revision ?? 'no_stream';
    if (lastOutput === undefined || recordedVersionOf(lastOutput) === definition.version) {
      return { resident: { state, outputRevision, foldedSinceSnapshot: folded }, rederived: false };
    }
    const rederived = await this.recordRederivation(state, lastOutput, attempt);
    if (rederived === 'conflict') return this.load(key, attempt + 1);
    observer?.rederived?.();
    return { resident: { state, outputRevision: rederived, foldedSinceSnapshot: folded }, rederived: true };
  }

  /**
   * Records that this machine version took over an actor another version wrote the outputs of
   * (ADR 0075): `StateRederived` and the timers of the derived state, appended after the last output
   * the older version wrote. Returns the output stream's new revision, or `conflict` when another
   * writer (a replica re-deriving the same actor) appended first: the caller then reads again.
   */
  private async recordRederivation(
    state: ActorState<TMachine>,
    lastOutput: ResolvedEvent,
    attempt: number,
  ): Promise<bigint | 'conflict'> {
    const { definition, streams, client } = this.options;
    const stream = streams.output(state.key);
    const recorded = { state: await recordedStateOf(client, stream), version: recordedVersionOf(lastOutput) };
    const events = rederivationEvents(definition, stream, state, recorded);
    const [first] = events;
    const metadata: OutputMetadata = {
      $causationId: first!.id,
      $correlationId: first!.id,
      key: state.key,
      causationStream: streams.input(state.key),
      causationRevision: state.inputRevision.toString(),
      causationType: STATE_REDERIVED,
      occurredAt: state.time ?? null,
      machineVersion: definition.version,
    };
    try {
      const appended = await client.appendToStream(
        stream,
        events.map(({ id, output }) =>
          jsonEvent({ id, type: output.type, data: output.data, metadata: jsonBytes(metadata) }),
        ),
        { expectedRevision: lastOutput.event!.revision },
      );
      return appended.nextExpectedRevision;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError && attempt < this.options.maxConflictRetries) return 'conflict';
      throw error;
    }
  }

  /** The actor's inputs from `from` up to `to` (inclusive; the end of the stream if undefined). */
  private async *readInputs(key: string, from: bigint, to?: bigint): AsyncGenerator<RecordedInput> {
    const pages = readAhead(this.options.client, this.options.streams.input(key), from, to, this.options.readPageSize);
    for await (const event of pages) {
      yield { id: event.id, type: event.type, revision: event.revision, data: event.data, metadata: event.metadata };
    }
  }
}

const utf8 = new TextEncoder();

/**
 * Metadata as the UTF-8 bytes of its JSON: what the client would store for the object, handed over
 * as bytes so that it does not turn them into base64 text that the protobuf encoding then decodes
 * back, twice (ADR 0074). A plain `Uint8Array`, not a `Buffer`, which the client copies first.
 */
function jsonBytes(metadata: object): Uint8Array {
  return utf8.encode(JSON.stringify(metadata));
}
