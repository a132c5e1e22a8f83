import { initialTransition, transition, type AnyStateMachine, type SnapshotFrom } from 'xstate';
import type { ActorDefinition, RecordedInput } from './actor-definition';
import type { ActorState } from './actor-state';
import { interpretActions } from './interpret-actions';
import { pureTransition } from './pure-transition';
import { INPUT_REJECTED, STATE_CHANGED, TIMER_CANCELLED, TIMER_SCHEDULED, type OutputEvent } from './output-event';
import { TIMER_FIRED, type PendingTimer, type TimerFiredData } from './timers';

/** The result of folding one input: the next state and the outputs it produced, as data. */
export interface StepResult<TMachine extends AnyStateMachine> {
  readonly state: ActorState<TMachine>;
  readonly outputs: readonly OutputEvent[];
  readonly ignoredActions: readonly string[];
}

type Actions = Parameters<typeof interpretActions>[0];

function initial<TMachine extends AnyStateMachine>(
  definition: ActorDefinition<TMachine>,
  key: string,
): [SnapshotFrom<TMachine>, Actions] {
  return initialTransition(definition.machine, definition.input(key));
}

/** The state of an actor that has seen nothing yet. */
export function initialState<TMachine extends AnyStateMachine>(
  definition: ActorDefinition<TMachine>,
  key: string,
): ActorState<TMachine> {
  const [snapshot] = initial(definition, key);
  return { key, snapshot, inputRevision: -1n, timers: {}, time: undefined, started: false };
}

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
 * Folds one recorded input into an actor's state. Pure and deterministic: the same state and
 * input always give the same state and outputs, so a replay rebuilds exactly what a live run saw.
 *
 * A `TimerFired` input fires only a timer still pending with the same due time; one whose state
 * was left (cancelled) or that already fired is skipped. Any other input goes through the
 * definition; one it does not take is skipped. Skipped inputs still advance `inputRevision`.
 * The actions of the machine's initial transition take effect with the first input it takes.
 */
export function step<TMachine extends AnyStateMachine>(
  definition: ActorDefinition<TMachine>,
  state: ActorState<TMachine>,
  input: RecordedInput,
): StepResult<TMachine> {
  let resolved: { machineInput: MachineInputOf<TMachine>; next: [SnapshotFrom<TMachine>, Actions] } | undefined;
  try {
    const machineInput = resolveInput(definition, state, input);
    if (machineInput !== undefined) {
      const next = pureTransition(definition, state.snapshot, machineInput.event);
      resolved = { machineInput, next };
    }
  } catch (error) {
    // An input the definition cannot read, or that the machine throws on, fails the same way on
    // every replay: it is rejected on the record, and the actor goes on with its next input.
    const reason = error instanceof Error ? error.message : String(error);
    const cause = { type: input.type, revision: input.revision.toString() };
    return {
      state: { ...state, inputRevision: input.revision },
      outputs: [{ type: INPUT_REJECTED, data: { key: state.key, cause, reason } }],
      ignoredActions: [],
    };
  }
  if (resolved === undefined) {
    return { state: { ...state, inputRevision: input.revision }, outputs: [], ignoredActions: [] };
  }
  const { time, firedTimer } = resolved.machineInput;
  const [snapshot, actions] = resolved.next;
  const initialActions = state.started ? [] : initial(definition, state.key)[1];
  const effects = interpretActions([...initialActions, ...actions], time);
  // A timer that fired is no longer pending, unless the transition set it again.
  const cancelled = firedTimer === undefined ? effects.cancelled : [firedTimer, ...effects.cancelled];
  const timers = applyTimers(state.timers, cancelled, effects.scheduled);

  const outputs: OutputEvent[] = [];
  const from = valueOf(state.snapshot);
  const to = valueOf(snapshot);
  if (!sameValue(from, to)) {
    outputs.push({
      type: STATE_CHANGED,
      data: { key: state.key, from, to, cause: { type: input.type, revision: input.revision.toString() }, at: time },
    });
  }
  for (const emitted of effects.emitted) {
    const { type, ...data } = emitted;
    outputs.push({ type, data });
  }
  // Timers are reported by their net change over the step: a state left and re-entered within
  // one step shows as one new due time, not as a cancel and a set.
  for (const [timerId, timer] of Object.entries(state.timers)) {
    if (timerId !== firedTimer && timers[timerId] === undefined) {
      outputs.push({ type: TIMER_CANCELLED, data: { key: state.key, timerId, dueAt: timer.dueAt } });
    }
  }
  for (const [timerId, timer] of Object.entries(timers)) {
    if (state.timers[timerId]?.dueAt !== timer.dueAt)
      outputs.push({ type: TIMER_SCHEDULED, data: { key: state.key, ...timer } });
  }
  return {
    state: { key: state.key, snapshot, inputRevision: input.revision, timers, time, started: true },
    outputs,
    ignoredActions: effects.ignored,
  };
}

type MachineInputOf<TMachine extends AnyStateMachine> = {
  event: Parameters<typeof transition<TMachine>>[2];
  time: string;
  firedTimer?: string;
};

function resolveInput<TMachine extends AnyStateMachine>(
  definition: ActorDefinition<TMachine>,
  state: ActorState<TMachine>,
  input: RecordedInput,
): MachineInputOf<TMachine> | undefined {
  if (input.type === TIMER_FIRED) {
    const fired = input.data as Partial<TimerFiredData>;
    const pending = typeof fired.timerId === 'string' ? state.timers[fired.timerId] : undefined;
    if (pending === undefined || pending.dueAt !== fired.dueAt) return undefined;
    return {
      event: pending.event as Parameters<typeof transition<TMachine>>[2],
      time: pending.dueAt,
      firedTimer: pending.timerId,
    };
  }
  return definition.toMachineInput(input);
}
