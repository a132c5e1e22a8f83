import type { EventStoreDBClient, ResolvedEvent } from '@eventstore/db-client';
import type { AnyStateMachine } from 'xstate';
import type { ActorDefinition } from './actor-definition';
import type { ActorState } from './actor-state';
import { deterministicUuid } from './deterministic-id';
import { STATE_CHANGED, STATE_CORRECTED, STATE_REDERIVED, TIMER_SCHEDULED, type OutputEvent } from './output-event';
import { readStreamBackwards } from './stream-reads';
import { timerScheduledData, type PendingTimer } from './timers';

/** Data of a `StateRederived` output: the state a new machine version derives from the same inputs. */
export interface StateRederivedData {
  readonly key: string;
  /** The state recorded before (the last `StateChanged` or `StateRederived`), null if none was. */
  readonly from: unknown;
  /** The state the new machine derives from every input up to `inputRevision`. */
  readonly to: unknown;
  /** Machine version of the outputs before; null when they do not say. */
  readonly fromVersion: string | null;
  readonly toVersion: string;
  /** Revision of the last input folded: the re-derivation stands where the outputs stood. */
  readonly inputRevision: string;
  /** The cause, in the shape of `StateChangedData.cause`, so read models take both alike. */
  readonly cause: Readonly<{ type: typeof STATE_REDERIVED; id: string }>;
  /** The actor's clock after the fold (ISO-8601); null for an actor that took no input. */
  readonly at: string | null;
  /** Timers pending in the derived state; each is also written as a `TimerScheduled`. */
  readonly timers: readonly PendingTimer[];
  readonly scores?: Readonly<Record<string, number>>;
}

/** How far back a re-derivation looks for the state recorded before it. */
const RECORDED_STATE_LOOKBACK = 1_000;
const RECORDED_STATE_PAGE = 100;

/**
 * The machine version an actor's outputs were written by: the `machineVersion` of its last output,
 * null when that output does not say (written before versions were recorded).
 */
export function recordedVersionOf(lastOutput: ResolvedEvent): string | null {
  const version = (lastOutput.event?.metadata as { machineVersion?: unknown } | undefined)?.machineVersion;
  return typeof version === 'string' ? version : null;
}

/**
 * The state value an actor's outputs last recorded: the `to` of its latest `StateChanged`,
 * `StateRederived` or `StateCorrected`, read backwards at most `RECORDED_STATE_LOOKBACK` events; null when none is found.
 */
export async function recordedStateOf(client: EventStoreDBClient, outputStream: string): Promise<unknown> {
  let read = 0;
  for await (const event of readStreamBackwards(client, outputStream, RECORDED_STATE_PAGE)) {
    if (event.type === STATE_CHANGED || event.type === STATE_REDERIVED || event.type === STATE_CORRECTED) {
      return (event.data as { to?: unknown }).to ?? null;
    }
    if (++read >= RECORDED_STATE_LOOKBACK) return null;
  }
  return null;
}

/**
 * What a new machine version records when it takes over an actor whose outputs an older version
 * wrote: one `StateRederived` with both states and versions, and a `TimerScheduled` for each timer
 * pending in the derived state (the timer wheel files them; a timer the old version set and the
 * new one does not is skipped when it comes due, because the actor no longer holds it). No command
 * of the past is emitted: the fold that derived the state ran without writing anything.
 *
 * The ids are derived from the actor, the input revision and the new version, so replicas that
 * re-derive the same actor at once write the same events and the store keeps one.
 */
export function rederivationEvents<TMachine extends AnyStateMachine>(
  definition: ActorDefinition<TMachine>,
  outputStream: string,
  state: ActorState<TMachine>,
  recorded: { readonly state: unknown; readonly version: string | null },
): Array<{ readonly id: string; readonly output: OutputEvent }> {
  const id = deterministicUuid(`rederived:${outputStream}:${state.inputRevision}:${definition.version}`);
  const timers = Object.values(state.timers).sort((a, b) => (a.timerId < b.timerId ? -1 : 1));
  const scores = state.started ? definition.scores?.(state.snapshot) : undefined;
  const data: StateRederivedData = {
    key: state.key,
    from: recorded.state,
    to: (state.snapshot as { value: unknown }).value,
    fromVersion: recorded.version,
    toVersion: definition.version,
    inputRevision: state.inputRevision.toString(),
    cause: { type: STATE_REDERIVED, id },
    at: state.time ?? null,
    timers,
    ...(scores === undefined ? {} : { scores }),
  };
  return [
    { id, output: { type: STATE_REDERIVED, data: { ...data } } },
    ...timers.map((timer, index) => ({
      id: deterministicUuid(`${id}:${index + 1}`),
      output: { type: TIMER_SCHEDULED, data: timerScheduledData(state.key, timer) },
    })),
  ];
}
