import type { EventStoreDBClient } from '@eventstore/db-client';
import {
  advance,
  EventTimeFolder,
  fromSnapshotData,
  initialState,
  inputTimeMs,
  readAhead,
  readLastEvent,
  readStreamBackwards,
  type ActorState,
} from '@heed/actors';
import { Inject, Injectable } from '@nestjs/common';
import type { StateValue } from 'xstate';
import { ACTOR_KIND, STORE_CLIENT, type ActorKind } from '../../engine-options';
import { activeStateIds } from '../../machine/state-ids';
import { CustomerQueryError } from '../customer-query.error';
import { recordedInput } from '../recorded-input';
import { FoldCheckpoints } from './fold-checkpoints';
import type { TimeTravelQuery } from './time-travel-query';

/** A customer as it was (docs/studio-api.md, "One customer"). */
export interface TimeTravelView {
  readonly customerId: string;
  /** Revision of the last input folded; null when none was. */
  readonly revision: string | null;
  /** The instant asked for; for a revision, the customer's clock after that input. */
  readonly at: string | null;
  readonly value: StateValue;
  /** Ids of every active state, ancestors included (`customer.engagement.at-risk.flagged`). */
  readonly activeStates: readonly string[];
  readonly summary: unknown;
  readonly pendingTimers: ReadonlyArray<{ readonly timerId: string; readonly dueAt: string }>;
}

/** Inputs read per page of a fold. */
const PAGE_SIZE = 1_000;

/**
 * Time travel: a customer's state after an input of its stream, or at an instant, folded from
 * its inputs with the runtime's pure functions and its policy for late inputs. Reads only; nothing
 * is written, and the live actor is not touched. A fold starts from the latest state on the way
 * that is at hand: a stored snapshot, or a state kept in memory from an earlier question
 * (`FoldCheckpoints`).
 */
@Injectable()
export class TimeTravel {
  private readonly checkpoints = new FoldCheckpoints();

  constructor(
    @Inject(STORE_CLIENT) private readonly client: EventStoreDBClient,
    @Inject(ACTOR_KIND) private readonly kind: ActorKind,
  ) {}

  async stateOf(customerId: string, query: TimeTravelQuery): Promise<TimeTravelView> {
    const { streams } = this.kind;
    const stream = streams.input(customerId);
    const [lastEvent, snapshot] = await Promise.all([
      readLastEvent(this.client, stream),
      this.latestSnapshot(customerId, query),
    ]);
    const last = lastEvent?.event?.revision;
    if (last === undefined) throw new CustomerQueryError('CUSTOMER_NOT_FOUND', `customer ${customerId} has no events`);
    if (query.kind === 'revision' && query.revision > last) {
      throw new CustomerQueryError(
        'REVISION_BEYOND_END',
        `revision: expected at most ${last}, the last revision of ${stream}, got ${query.revision}`,
        'revision',
      );
    }
    const upTo = query.kind === 'revision' ? query.revision : last;
    const start = this.startOf(customerId, snapshot, query);
    // A late input that belongs before the state started from (ADR 0078): fold again from the start.
    const state =
      (await this.fold(start, upTo, query)) ??
      (await this.fold(initialState(this.kind.definition, customerId), upTo, query))!;
    return this.view(query.kind === 'at' ? advance(this.kind.definition, state, query.atMs).state : state, query);
  }

  /**
   * Folds a customer's inputs after `start` up to revision `upTo`, late ones where their time puts
   * them, as the runtime does; for an instant, only the inputs of a time up to it, wherever late
   * data put them in the stream. Undefined when a late input belongs before `start`.
   */
  private async fold(start: ActorState, upTo: bigint, query: TimeTravelQuery): Promise<ActorState | undefined> {
    const { definition, streams } = this.kind;
    const folder = new EventTimeFolder(definition, start);
    // Whether every input so far was taken: only the states of such a fold are worth keeping.
    let plain = true;
    for await (const event of readAhead(
      this.client,
      streams.input(start.key),
      start.inputRevision + 1n,
      upTo,
      PAGE_SIZE,
    )) {
      const input = recordedInput(event);
      if (query.kind === 'at' && !((inputTimeMs(definition, input) ?? Number.NaN) <= query.atMs)) {
        plain = false;
        continue;
      }
      const state = folder.push(input);
      if (state === undefined) return undefined;
      if (plain) this.checkpoints.offer(state);
    }
    return folder.state;
  }

  /** The latest state on the way to the one asked for: a stored snapshot, a checkpoint, or the start. */
  private startOf(customerId: string, snapshot: ActorState | undefined, query: TimeTravelQuery): ActorState {
    let start = initialState(this.kind.definition, customerId);
    for (const candidate of [snapshot, this.checkpoints.latest(customerId, (s) => fits(s, query))]) {
      if (candidate !== undefined && candidate.inputRevision > start.inputRevision) start = candidate;
    }
    return start;
  }

  private view(state: ActorState, query: TimeTravelQuery): TimeTravelView {
    const value = (state.snapshot as { value: StateValue }).value;
    return {
      customerId: state.key,
      revision: state.inputRevision < 0n ? null : state.inputRevision.toString(),
      at: query.kind === 'at' ? query.at : (state.time ?? null),
      value,
      activeStates: activeStateIds(this.kind.definition.machine.root, value),
      summary: this.kind.describe(state),
      pendingTimers: Object.values(state.timers).map(({ timerId, dueAt }) => ({ timerId, dueAt })),
    };
  }

  /**
   * The customer's latest stored snapshot this machine can use that is on the way to the state
   * asked for (the runtime keeps them deep: ADR 0078), read backwards from the newest.
   */
  private async latestSnapshot(customerId: string, query: TimeTravelQuery): Promise<ActorState | undefined> {
    for await (const event of readStreamBackwards(this.client, this.kind.streams.snapshot(customerId))) {
      const state = fromSnapshotData(this.kind.definition, customerId, event.data);
      if (state !== undefined && fits(state, query)) return state;
    }
    return undefined;
  }
}

/**
 * Whether a snapshot is a state on the way to the one asked for: folded up to the revision at the
 * most, or for an instant, with a clock not past it (every input it folded then has a time up to
 * the instant, so the fold that skips later ones would have taken them all).
 */
function fits(snapshot: ActorState, query: TimeTravelQuery): boolean {
  if (query.kind === 'revision') return snapshot.inputRevision <= query.revision;
  return snapshot.time !== undefined && Date.parse(snapshot.time) <= query.atMs;
}
