import { initialTransition, type AnyStateMachine, type EventFromLogic, type SnapshotFrom } from 'xstate';
import type { ActorDefinition, RecordedInput } from './actor-definition';
import type { ActorState } from './actor-state';
import { deterministicUuid } from './deterministic-id';
import { interpretActions, type InterpretedActions } from './interpret-actions';
import { pureTransition } from './pure-transition';
import { INPUT_REJECTED, STATE_CHANGED, TIMER_CANCELLED, TIMER_SCHEDULED, type OutputEvent } from './output-event';
import {
  TIMER_FIRED,
  firingId,
  firingIdOf,
  nextDue,
  timerScheduledData,
  type PendingTimer,
  type TimerFiredData,
} from './timers';

/** What caused a group of outputs: an input, or a timer that came due. Carries no stream position. */
export type OutputCause =
  | Readonly<{ type: string; id: string }>
  | Readonly<{ type: typeof TIMER_FIRED; id: string; timerId: string; dueAt: string }>;

/** The outputs of one cause, in order. Their ids derive from the cause's id and their index. */
export interface Effect {
  readonly cause: OutputCause;
  /** The actor's clock when they were produced. */
  readonly time: string | undefined;
  readonly outputs: readonly OutputEvent[];
}

/** The result of folding one input: the next state and the outputs it produced, as data. */
export interface StepResult<TMachine extends AnyStateMachine> {
  readonly state: ActorState<TMachine>;
  /**
   * Outputs grouped by cause: first the timers that came due at or before the input's time (in due
   * order), then the input's own.
   */
  readonly effects: readonly Effect[];
  /** Every output of the step, in order (the effects' outputs one after the other). */
  readonly outputs: readonly OutputEvent[];
  readonly ignoredActions: readonly string[];
  /**
   * How much older than the actor's event clock the input is (ms), when it is: it arrived late and
   * was folded here in arrival order. The caller decides whether to re-fold it in event-time order
   * instead (ADR 0078). Never set for a `TimerFired` input.
   */
  readonly lateByMs?: number;
}

/** The deterministic id of an effect's `index`-th output: the same on every replay and every path. */
export const outputId = (effect: Effect, index: number): string => deterministicUuid(`${effect.cause.id}:${index}`);

/**
 * Most timers one input may bring due. A machine whose zero delay re-arms itself would otherwise
 * fire forever; the rest fire in front of the next input.
 */
const MAX_FIRINGS_PER_INPUT = 10_000;

type Actions = Parameters<typeof interpretActions>[0];
type MachineEvent<TMachine extends AnyStateMachine> = EventFromLogic<TMachine>;

/** The initial transition of a definition that says how to start another key from it (`initialFor`). */
const firstInitial = new WeakMap<ActorDefinition, [unknown, Actions]>();

function initial<TMachine extends AnyStateMachine>(
  definition: ActorDefinition<TMachine>,
  key: string,
): [SnapshotFrom<TMachine>, Actions] {
  if (definition.initialFor === undefined) return initialTransition(definition.machine, definition.input(key));
  const first = firstInitial.get(definition);
  if (first === undefined) {
    const computed = initialTransition(definition.machine, definition.input(key));
    firstInitial.set(definition, computed);
    return computed;
  }
  return [definition.initialFor(first[0] as SnapshotFrom<TMachine>, key), first[1]];
}

/**
 * The initial transition's actions, by the initial snapshot they came with: the first input an
 * actor takes applies them, and computing the initial transition again for that (it evaluates the
 * machine's whole initial context) cost as much as the fold of a signal. Weak: an actor's entry
 * goes with its initial snapshot.
 */
const initialActions = new WeakMap<object, Actions>();

/** The state of an actor that has seen nothing yet. */
export function initialState<TMachine extends AnyStateMachine>(
  definition: ActorDefinition<TMachine>,
  key: string,
): ActorState<TMachine> {
  const [snapshot, actions] = initial(definition, key);
  initialActions.set(snapshot, actions);
  return { key, snapshot, inputRevision: -1n, timers: {}, time: undefined, started: false };
}

/** The initial transition's actions for an actor that has taken nothing yet. */
const initialActionsOf = <TMachine extends AnyStateMachine>(
  definition: ActorDefinition<TMachine>,
  state: ActorState<TMachine>,
): Actions => initialActions.get(state.snapshot) ?? initial(definition, state.key)[1];

/**
 * Whether two state values are the same: a string for an atomic state, an object of region values
 * for nested and parallel ones. Compared structurally, without serializing: it runs on every input.
 */
const sameValue = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every(
    (key) =>
      Object.hasOwn(b, key) && sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
};

const valueOf = (snapshot: unknown): unknown => (snapshot as { value: unknown }).value;

/** Whether the machine reached a top-level final state. */
const isDone = (snapshot: unknown): boolean => (snapshot as { status?: unknown }).status === 'done';

/** The later of the actor's clock and an event's time: the clock never goes back. */
const later = (clock: string | undefined, time: string): string =>
  clock === undefined || Date.parse(time) > Date.parse(clock) ? time : clock;

function applyTimers(
  timers: Readonly<Record<string, PendingTimer>>,
  cancelled: readonly string[],
  scheduled: readonly PendingTimer[],
): Record<string, PendingTimer> {
  const next = { ...timers };
  for (const id of cancelled) delete next[id];
  for (const timer of scheduled) next[timer.timerId] = timer;
  return next;
}

/**
 * The timers a transition sets, each with the id of its firing and its place in the order timers
 * were set (`seq`). A timer set again with the due time it already has (a state left and re-entered
 * within one transition) is the same timer, with the same firing; any other is a new one, set by
 * `cause`.
 */
function withFirings(
  state: ActorState,
  scheduled: readonly PendingTimer[],
  cause: OutputCause,
  firedTimer: string | undefined,
): readonly PendingTimer[] {
  if (scheduled.length === 0) return scheduled;
  // Set after every timer pending, in the order of the transition's actions: timers due at the
  // same instant fire in the order they were set, as XState's own actor fires them.
  let seq = 0;
  for (const timer of Object.values(state.timers)) if (timer.seq !== undefined && timer.seq >= seq) seq = timer.seq + 1;
  return scheduled.map((timer) => {
    const pending = timer.timerId === firedTimer ? undefined : state.timers[timer.timerId];
    if (pending !== undefined && pending.dueAt === timer.dueAt) {
      return pending.firing === undefined ? { ...timer, seq: seq++ } : { ...timer, firing: pending.firing, seq: seq++ };
    }
    return { ...timer, firing: firingId(state.key, timer.timerId, timer.dueAt, cause.id), seq: seq++ };
  });
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Folds one recorded input into an actor's state. Pure and deterministic: the same state and
 * input always give the same state and outputs, so a replay rebuilds exactly what a live run saw.
 *
 * Time comes from events. Before an input with time `t` is taken, every pending timer due at or
 * before `t` fires, in due order (ties in the order they were set), each with its own due time as
 * the clock: exactly as if the wall clock had fired it between the two inputs. So a history gives
 * the same outputs whether it arrives live, in a burst, after downtime or in a replay. A
 * `TimerFired` input brings its own due time: the timers due by then fire; one whose timer is no
 * longer pending with that due time (it fired in front of an input, or its state was left) changes
 * nothing.
 *
 * Any other input goes through the definition; one it does not take is skipped, one it cannot read
 * or the machine throws on is rejected on the record. Skipped inputs still advance `inputRevision`.
 * The actions of the machine's initial transition take effect with the first input it takes.
 */
export function step<TMachine extends AnyStateMachine>(
  definition: ActorDefinition<TMachine>,
  state: ActorState<TMachine>,
  input: RecordedInput,
): StepResult<TMachine> {
  const effects: Effect[] = [];
  const ignored: string[] = [];
  const clockMs = state.eventClockMs;
  // `timeMs`: the input's time, which moves the event clock; `late`: whether it may count as late.
  const done = (current: ActorState<TMachine>, timeMs?: number, late = false): StepResult<TMachine> => {
    const result: StepResult<TMachine> = {
      state: {
        ...current,
        inputRevision: input.revision,
        eventClockMs: timeMs === undefined || !(timeMs > (clockMs ?? -Infinity)) ? clockMs : timeMs,
      },
      effects,
      outputs: effects.length === 1 ? effects[0]!.outputs : effects.flatMap((e) => e.outputs),
      ignoredActions: ignored,
    };
    return late && clockMs !== undefined && timeMs! < clockMs ? { ...result, lateByMs: clockMs - timeMs! } : result;
  };
  const cause: OutputCause = { type: input.type, id: input.id };

  if (input.type === TIMER_FIRED) {
    const fired = input.data as Partial<TimerFiredData> | null;
    // The wall clock reached the due time: every timer due by then fires, the one named or not (it
    // may have been cancelled, or set again, since; a re-fold after a late input may have left
    // others pending that a live fold fired here). A timer's firing is never late: when its due
    // time is behind the clock it already fired (or its state was left) in front of a later input.
    const dueMs = typeof fired?.dueAt === 'string' ? Date.parse(fired.dueAt) : NaN;
    if (Number.isNaN(dueMs)) return done(state);
    return done(fireDue(definition, state, dueMs, effects, ignored), dueMs);
  }

  let machineInput: ReturnType<ActorDefinition<TMachine>['toMachineInput']>;
  try {
    machineInput = definition.toMachineInput(input);
  } catch (error) {
    // An input the definition cannot read fails the same way on every replay: it is rejected on
    // the record, and the actor goes on with its next input.
    effects.push(rejection(state, cause, reasonOf(error)));
    return done(state);
  }
  if (machineInput === undefined) return done(state);

  const timeMs = Date.parse(machineInput.time);
  const current = fireDue(definition, state, timeMs, effects, ignored);
  const taken = take(definition, current, machineInput.event, machineInput.time, cause, undefined);
  ignored.push(...taken.ignored);
  if (taken.effect.outputs.length > 0) effects.push(taken.effect);
  return done(taken.state, Number.isNaN(timeMs) ? undefined : timeMs, true);
}

/**
 * The actor as it was at an instant: every timer due by then fired (in due order), as the wall
 * clock would have fired them. Pure: for time travel and what-if, never written.
 */
export function advance<TMachine extends AnyStateMachine>(
  definition: ActorDefinition<TMachine>,
  state: ActorState<TMachine>,
  atMs: number,
): { readonly state: ActorState<TMachine>; readonly effects: readonly Effect[] } {
  const effects: Effect[] = [];
  return { state: fireDue(definition, state, atMs, effects, []), effects };
}

/** Fires, in due order, every pending timer due at or before `atMs`, including those that firing sets. */
function fireDue<TMachine extends AnyStateMachine>(
  definition: ActorDefinition<TMachine>,
  state: ActorState<TMachine>,
  atMs: number,
  effects: Effect[],
  ignored: string[],
): ActorState<TMachine> {
  let current = state;
  for (let fired = 0; fired < MAX_FIRINGS_PER_INPUT; fired++) {
    const timer = nextDue(current.timers, atMs);
    if (timer === undefined) break;
    const cause: OutputCause = {
      type: TIMER_FIRED,
      id: firingIdOf(current.key, timer),
      timerId: timer.timerId,
      dueAt: timer.dueAt,
    };
    const taken = take(definition, current, timer.event as MachineEvent<TMachine>, timer.dueAt, cause, timer.timerId);
    ignored.push(...taken.ignored);
    if (taken.effect.outputs.length > 0) effects.push(taken.effect);
    current = taken.state;
  }
  return current;
}

function rejection(state: ActorState, cause: OutputCause, reason: string): Effect {
  return { cause, time: state.time, outputs: [{ type: INPUT_REJECTED, data: { key: state.key, cause, reason } }] };
}

/**
 * Takes one event (an input's, or a due timer's) at `time`: the transition, its outputs, and the
 * actor's next clock. A machine that throws rejects the event on the record; a timer that throws is
 * dropped with it.
 */
function take<TMachine extends AnyStateMachine>(
  definition: ActorDefinition<TMachine>,
  state: ActorState<TMachine>,
  event: MachineEvent<TMachine>,
  time: string,
  cause: OutputCause,
  firedTimer: string | undefined,
): { state: ActorState<TMachine>; effect: Effect; ignored: readonly string[] } {
  let snapshot: SnapshotFrom<TMachine>;
  let clock: string;
  let interpreted: InterpretedActions;
  try {
    let actions: Actions;
    [snapshot, actions] = pureTransition(definition, state.snapshot, event);
    // The actor's clock: the machine's own when it keeps one, else the latest time it has seen.
    // Delays are added to it, so machine and runtime agree on every due time.
    clock = definition.clock?.(snapshot) ?? later(state.time, time);
    const entry = state.started ? [] : initialActionsOf(definition, state);
    interpreted = interpretActions(entry.length === 0 ? actions : [...entry, ...actions], clock, cause.id);
  } catch (error) {
    const timers = firedTimer === undefined ? state.timers : applyTimers(state.timers, [firedTimer], []);
    return { state: { ...state, timers }, effect: rejection(state, cause, reasonOf(error)), ignored: [] };
  }
  // A timer that fired is no longer pending, unless the transition set it again. A machine that
  // reached a top-level final state is done: as XState stops such an actor, its timers are dropped.
  const cancelled = firedTimer === undefined ? interpreted.cancelled : [firedTimer, ...interpreted.cancelled];
  const timers = isDone(snapshot)
    ? {}
    : applyTimers(state.timers, cancelled, withFirings(state, interpreted.scheduled, cause, firedTimer));

  const outputs: OutputEvent[] = [];
  // The first event an actor takes enters it into the machine (`from: null`), even when it stays in
  // the initial states: read models learn of every actor from its outputs alone.
  const from = state.started ? valueOf(state.snapshot) : null;
  const to = valueOf(snapshot);
  if (!sameValue(from, to)) {
    const scores = definition.scores?.(snapshot);
    const data = { key: state.key, from, to, cause, at: clock };
    outputs.push({ type: STATE_CHANGED, data: scores === undefined ? data : { ...data, scores } });
  }
  for (const emitted of interpreted.emitted) {
    const { type, ...data } = emitted;
    outputs.push({ type, data });
  }
  // Timers are reported by their net change over the event: a state left and re-entered within
  // one transition shows as one new due time, not as a cancel and a set.
  for (const [timerId, timer] of Object.entries(state.timers)) {
    if (timerId !== firedTimer && timers[timerId] === undefined) {
      outputs.push({ type: TIMER_CANCELLED, data: { key: state.key, timerId, dueAt: timer.dueAt } });
    }
  }
  for (const [timerId, timer] of Object.entries(timers)) {
    const before = state.timers[timerId];
    // A new due time, or the same one with a firing of its own (set again after it fired).
    if (before?.dueAt !== timer.dueAt || before.firing !== timer.firing)
      outputs.push({ type: TIMER_SCHEDULED, data: timerScheduledData(state.key, timer) });
  }
  return {
    state: {
      key: state.key,
      snapshot,
      inputRevision: state.inputRevision,
      timers,
      time: clock,
      started: true,
      eventClockMs: state.eventClockMs,
      sentAhead: state.sentAhead,
    },
    effect: { cause, time: clock, outputs },
    ignored: interpreted.ignored,
  };
}
