import type { AnyStateMachine } from 'xstate';
import type { ActorDefinition, RecordedInput } from './actor-definition';
import type { ActorState } from './actor-state';
import {
  INPUT_LATE,
  INPUT_REJECTED,
  STATE_CHANGED,
  STATE_CORRECTED,
  STATE_REDERIVED,
  TIMER_CANCELLED,
  TIMER_SCHEDULED,
  type OutputEvent,
} from './output-event';
import { initialState, outputId, step, type Effect, type StepResult } from './step';
import { deterministicUuid } from './deterministic-id';
import { TIMER_FIRED, timerScheduledData, type PendingTimer } from './timers';

/**
 * Late inputs (ADR 0078). An actor's state after input `r` is the fold of its inputs `0..r` in
 * event-time order: each input sorts by its time, ties in arrival order, except that
 *
 * - an input more than the allowed lateness behind the event clock (the latest time of the inputs
 *   before it) sorts where it arrived, at the clock, and is marked late;
 * - an input without a time the machine takes (skipped or unreadable) sorts where it arrived;
 * - a timer's firing (`TimerFired`) is never late: behind the clock it has already fired.
 *
 * Inputs that arrive in order fold one by one with `step()`. An input that arrives late within the
 * allowed lateness is re-folded: from a state that is a prefix of the new order (a snapshot whose
 * event clock is not past the late input, or the start), every input after it in event-time order.
 */

/** Event types the runtime writes besides the machine's own commands. */
const RUNTIME_OUTPUTS: ReadonlySet<string> = new Set([
  STATE_CHANGED,
  STATE_REDERIVED,
  STATE_CORRECTED,
  INPUT_LATE,
  INPUT_REJECTED,
  TIMER_SCHEDULED,
  TIMER_CANCELLED,
]);

/** Whether an output is a command the machine emitted (rather than a record the runtime keeps). */
export const isCommand = (type: string): boolean => !RUNTIME_OUTPUTS.has(type);

/** An input's time (epoch ms) as the fold orders it; undefined for one the machine does not take. */
export function inputTimeMs(definition: ActorDefinition<AnyStateMachine>, input: RecordedInput): number | undefined {
  let time: unknown;
  if (input.type === TIMER_FIRED) {
    time = (input.data as { dueAt?: unknown } | null)?.dueAt;
  } else {
    try {
      time = definition.toMachineInput(input)?.time;
    } catch {
      return undefined;
    }
  }
  if (typeof time !== 'string') return undefined;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The inputs after `base` (in arrival order) in the order the fold takes them, or undefined when
 * one of them sorts before the base's event clock: `base` is then not a state on the way.
 */
export function eventTimeOrder(
  definition: ActorDefinition<AnyStateMachine>,
  base: ActorState<AnyStateMachine>,
  inputs: readonly RecordedInput[],
): readonly RecordedInput[] | undefined {
  const allowed = definition.allowedLatenessMs ?? 0;
  const baseClock = base.eventClockMs ?? Number.NEGATIVE_INFINITY;
  let clock = baseClock;
  let inOrder = true;
  const keys: number[] = [];
  for (const input of inputs) {
    const time = inputTimeMs(definition, input);
    let at: number;
    if (time === undefined) at = clock;
    else if (input.type === TIMER_FIRED) at = Math.max(clock, time);
    else at = clock - time > allowed ? clock : time;
    if (at < baseClock) return undefined;
    if (keys.length > 0 && at < keys[keys.length - 1]!) inOrder = false;
    keys.push(at);
    if (at > clock) clock = at;
  }
  if (inOrder) return inputs;
  // Array sort is stable: ties keep arrival order.
  return inputs
    .map((input, index) => ({ input, at: keys[index]! }))
    .sort((a, b) => a.at - b.at)
    .map(({ input }) => input);
}

/** How an input was folded: one step in order, or a re-fold of a late one. */
export type Taken<TMachine extends AnyStateMachine> =
  | { readonly kind: 'step'; readonly state: ActorState<TMachine>; readonly result: StepResult<TMachine> }
  | ({ readonly kind: 'corrected' } & Correction<TMachine>);

/** A re-fold: the state after the last input, and every effect on the way with its input. */
export interface Refold<TMachine extends AnyStateMachine> {
  readonly state: ActorState<TMachine>;
  readonly effects: ReadonlyArray<{ readonly input: RecordedInput; readonly effect: Effect }>;
}

/**
 * Folds `inputs` (every input after `base`, in arrival order) into `base` in event-time order;
 * undefined when `base` is not a state on the way (see `eventTimeOrder`). Pure.
 */
export function refold<TMachine extends AnyStateMachine>(
  definition: ActorDefinition<TMachine>,
  base: ActorState<TMachine>,
  inputs: readonly RecordedInput[],
): Refold<TMachine> | undefined {
  const order = eventTimeOrder(definition, base, inputs);
  if (order === undefined) return undefined;
  let state = base;
  const effects: Array<{ input: RecordedInput; effect: Effect }> = [];
  for (const input of order) {
    const result = step(definition, state, input);
    state = result.state;
    for (const effect of result.effects) effects.push({ input, effect });
  }
  const last = inputs.at(-1)?.revision;
  return { state: last === undefined ? state : { ...state, inputRevision: last }, effects };
}

/** A late input re-folded where its time puts it, and what that records. */
export interface Correction<TMachine extends AnyStateMachine> {
  /** The re-fold's state, carrying the commands sent ahead of it (`ActorState.sentAhead`). */
  readonly state: ActorState<TMachine>;
  /** `StateCorrected`, the commands to send now, the net change of timers. */
  readonly outputs: readonly TimedOutput[];
  /** Inputs folded again (from the base, the late one included). */
  readonly inputsRefolded: number;
}

/** An output with the actor's clock at the instant it belongs to (its metadata's `occurredAt`). */
export interface TimedOutput {
  readonly output: OutputEvent;
  readonly time: string | undefined;
}

/** Data of a `StateCorrected` output: what folding a late input where its time puts it changed. */
export interface StateCorrectedData {
  readonly key: string;
  /** The state recorded before the late input; null for an actor that had taken nothing. */
  readonly from: unknown;
  /** The state of the fold in event-time order, the late input included. */
  readonly to: unknown;
  /** The late input, in the shape of `StateChangedData.cause`. */
  readonly cause: Readonly<{ type: string; id: string }>;
  /** The actor's clock after the re-fold. */
  readonly at: string | null;
  /** The late input's own time, and how far behind the event clock it arrived. */
  readonly occurredAt: string;
  readonly lateByMs: number;
  /** Commands the history now has that were never sent: sent now, after this event. */
  readonly emitted: readonly string[];
  /** Commands the history now has (or has at another time) that were sent already: not sent again. */
  readonly alreadySent: readonly string[];
  /** Commands sent that the history no longer has (sent is sent: kept on the record). */
  readonly withdrawn: readonly string[];
  readonly scores?: Readonly<Record<string, number>>;
}

const valueOf = (state: ActorState<AnyStateMachine>): unknown =>
  state.started ? (state.snapshot as { value: unknown }).value : null;

const commandsOf = (refolded: Refold<AnyStateMachine>): TimedOutput[] =>
  refolded.effects.flatMap(({ effect }) =>
    effect.outputs.filter((o) => isCommand(o.type)).map((output) => ({ output, time: effect.time })),
  );

/**
 * Pairs the commands of two folds of the same stretch: the same command (type and data) first,
 * then, of those left, the same type in order (a reminder the late input re-timed). Returns the
 * commands only `after` has, and the types of those only `before` has.
 */
function differences(
  before: readonly TimedOutput[],
  after: readonly TimedOutput[],
): { added: TimedOutput[]; removed: string[]; retimed: string[] } {
  const keyOf = ({ output }: TimedOutput): string => `${output.type}\u0000${JSON.stringify(output.data)}`;
  const unpaired = new Set(before.map((_, index) => index));
  const paired = new Set<number>();
  const retimed: string[] = [];
  for (const sameData of [true, false]) {
    after.forEach((command, index) => {
      if (paired.has(index)) return;
      for (const candidate of unpaired) {
        const other = before[candidate]!;
        if (other.output.type !== command.output.type || (sameData && keyOf(other) !== keyOf(command))) continue;
        unpaired.delete(candidate);
        paired.add(index);
        if (!sameData) retimed.push(command.output.type);
        return;
      }
    });
  }
  return {
    added: after.filter((_, index) => !paired.has(index)),
    removed: [...unpaired].map((index) => before[index]!.output.type),
    retimed,
  };
}

/**
 * Folds a late input where its time puts it: `inputs` are every input after `base` in arrival
 * order, the late one last; undefined when `base` is not a state on the way.
 *
 * What changes is found by folding the same stretch from `base` with and without the late input:
 * the commands only the new fold has are sent now, unless one of the same type was sent ahead
 * (sent on a history a correction has since changed, `ActorState.sentAhead`): then it is not sent
 * twice. The commands only the old fold has were sent and are no longer due: they are kept as sent
 * ahead. So every command the fold in event-time order has is sent, none twice, and the outputs
 * depend on the input stream alone, not on the base (every replica and every check agree).
 */
export function correct<TMachine extends AnyStateMachine>(
  definition: ActorDefinition<TMachine>,
  before: ActorState<TMachine>,
  base: ActorState<TMachine>,
  inputs: readonly RecordedInput[],
  lateByMs: number,
): Correction<TMachine> | undefined {
  const late = inputs.at(-1)!;
  const withLate = refold(definition, base, inputs);
  if (withLate === undefined) return undefined;
  // Without it: a late input never moves the clock, so the others sort as they did.
  const without = refold(definition, base, inputs.slice(0, -1))!;
  const { added, removed, retimed } = differences(commandsOf(without), commandsOf(withLate));

  const ahead: Record<string, number> = { ...before.sentAhead };
  const emitted: TimedOutput[] = [];
  const alreadySent = [...retimed];
  for (const command of added) {
    const type = command.output.type;
    if ((ahead[type] ?? 0) > 0) {
      ahead[type]! -= 1;
      alreadySent.push(type);
    } else {
      emitted.push(command);
    }
  }
  for (const type of removed) ahead[type] = (ahead[type] ?? 0) + 1;
  const sentAhead = Object.fromEntries(Object.entries(ahead).filter(([, count]) => count > 0));
  const { sentAhead: _, ...refolded } = withLate.state;
  const state: ActorState<TMachine> = Object.keys(sentAhead).length === 0 ? refolded : { ...refolded, sentAhead };

  const scores = state.started ? definition.scores?.(state.snapshot) : undefined;
  const data: StateCorrectedData = {
    key: state.key,
    from: valueOf(before),
    to: valueOf(state),
    cause: { type: late.type, id: late.id },
    at: state.time ?? null,
    occurredAt: new Date(inputTimeMs(definition, late) ?? Number.NaN).toISOString(),
    lateByMs,
    emitted: emitted.map(({ output }) => output.type),
    alreadySent,
    withdrawn: removed,
    ...(scores === undefined ? {} : { scores }),
  };
  return {
    state,
    outputs: [
      { output: { type: STATE_CORRECTED, data: { ...data } }, time: state.time },
      ...emitted,
      ...timerChanges(state.key, before, state).map((output) => ({ output, time: state.time })),
    ],
    inputsRefolded: inputs.length,
  };
}

/** The net change of pending timers between two states, as `TimerCancelled` and `TimerScheduled`. */
function timerChanges(
  key: string,
  before: ActorState<AnyStateMachine>,
  after: ActorState<AnyStateMachine>,
): OutputEvent[] {
  const outputs: OutputEvent[] = [];
  for (const [timerId, timer] of Object.entries(before.timers)) {
    if (after.timers[timerId] === undefined) {
      outputs.push({ type: TIMER_CANCELLED, data: { key, timerId, dueAt: timer.dueAt } });
    }
  }
  for (const timer of Object.values<PendingTimer>(after.timers)) {
    const was = before.timers[timer.timerId];
    if (was?.dueAt !== timer.dueAt || was.firing !== timer.firing) {
      outputs.push({ type: TIMER_SCHEDULED, data: timerScheduledData(key, timer) });
    }
  }
  return outputs;
}

/**
 * Folds inputs in memory with the runtime's policy for late ones: time travel, what-if and replays
 * that hold an actor's history. Keeps the inputs after its base and a state every `every` of them,
 * so that a late input re-folds from near its time rather than from the start.
 */
export class EventTimeFolder<TMachine extends AnyStateMachine> {
  private readonly inputs: RecordedInput[] = [];
  /** States after `checkpoints[i].count` inputs, the latest last. */
  private readonly checkpoints: Array<{ readonly count: number; readonly state: ActorState<TMachine> }> = [];
  private current: ActorState<TMachine>;

  constructor(
    private readonly definition: ActorDefinition<TMachine>,
    private readonly base: ActorState<TMachine>,
    private readonly every = 100,
  ) {
    this.current = base;
  }

  get state(): ActorState<TMachine> {
    return this.current;
  }

  /**
   * Folds the next input (in arrival order) and returns the state after it; undefined when it is a
   * late input whose time puts it before the folder's base (fold again from an earlier base).
   */
  push(input: RecordedInput): ActorState<TMachine> | undefined {
    return this.take(input)?.state;
  }

  /** Folds the next input like `push`, and says how: one step, or a correction of a late input. */
  take(input: RecordedInput): Taken<TMachine> | undefined {
    this.inputs.push(input);
    const result = step(this.definition, this.current, input);
    let taken: Taken<TMachine> | undefined;
    if (result.lateByMs !== undefined && result.lateByMs <= (this.definition.allowedLatenessMs ?? 0)) {
      const correction = this.correctLate(result.lateByMs);
      if (correction === undefined) return undefined;
      taken = { kind: 'corrected', ...correction };
    } else {
      taken = { kind: 'step', state: result.state, result };
    }
    this.current = taken.state;
    if (this.inputs.length % this.every === 0) {
      this.checkpoints.push({ count: this.inputs.length, state: this.current });
    }
    return taken;
  }

  private correctLate(lateByMs: number): Correction<TMachine> | undefined {
    for (let i = this.checkpoints.length - 1; i >= 0; i--) {
      const { count, state } = this.checkpoints[i]!;
      const corrected = correct(this.definition, this.current, state, this.inputs.slice(count), lateByMs);
      if (corrected !== undefined) return corrected;
    }
    return correct(this.definition, this.current, this.base, this.inputs, lateByMs);
  }
}

/** Data of an `InputLate` output: an input further behind the event clock than the allowed lateness. */
export interface InputLateData {
  readonly key: string;
  readonly cause: Readonly<{ type: string; id: string }>;
  /** The input's own time; it was folded where it arrived, at the clock. */
  readonly occurredAt: string;
  readonly clock: string;
  readonly lateByMs: number;
  readonly allowedLatenessMs: number;
}

/** The record that an input arrived too late to be folded where its time puts it. */
export function inputLateOutput(
  definition: ActorDefinition<AnyStateMachine>,
  before: ActorState<AnyStateMachine>,
  input: RecordedInput,
  lateByMs: number,
): OutputEvent {
  const clock = before.eventClockMs ?? 0;
  const data: InputLateData = {
    key: before.key,
    cause: { type: input.type, id: input.id },
    occurredAt: new Date(clock - lateByMs).toISOString(),
    clock: new Date(clock).toISOString(),
    lateByMs,
    allowedLatenessMs: definition.allowedLatenessMs ?? 0,
  };
  return { type: INPUT_LATE, data: { ...data } };
}

/** An output as the runtime appends it for an input: its id, and what its metadata says of it. */
export interface DerivedOutput {
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  /** The cause: the input, or a timer that came due in front of it. */
  readonly causationId: string;
  readonly causationType: string;
  /** The actor's clock at the instant the output belongs to. */
  readonly occurredAt: string | null;
}

/** The outputs of an input folded in order (`step`), after an `InputLate` when it arrived too late. */
export function stepOutputs<TMachine extends AnyStateMachine>(
  definition: ActorDefinition<TMachine>,
  before: ActorState<TMachine>,
  input: RecordedInput,
  result: StepResult<TMachine>,
): DerivedOutput[] {
  const outputs: DerivedOutput[] = [];
  if (result.lateByMs !== undefined) {
    const late = inputLateOutput(definition, before, input, result.lateByMs);
    outputs.push({
      id: deterministicUuid(`late:${input.id}`),
      ...late,
      causationId: input.id,
      causationType: input.type,
      occurredAt: before.time ?? null,
    });
  }
  for (const effect of result.effects) {
    effect.outputs.forEach((output, index) =>
      outputs.push({
        id: outputId(effect, index),
        ...output,
        causationId: effect.cause.id,
        causationType: effect.cause.type,
        occurredAt: effect.time ?? null,
      }),
    );
  }
  return outputs;
}

/** The outputs of a late input's correction, with their ids (derived from the input's id). */
export function correctionOutputs(input: RecordedInput, correction: Correction<AnyStateMachine>): DerivedOutput[] {
  const effect: Effect = { cause: { type: input.type, id: input.id }, time: undefined, outputs: [] };
  return correction.outputs.map(({ output, time }, index) => ({
    id: outputId(effect, index),
    ...output,
    causationId: input.id,
    causationType: input.type,
    occurredAt: time ?? null,
  }));
}

/**
 * Every output the runtime appends for an actor's input stream, derived in memory from the inputs
 * alone: the reference the runtime is checked against (fault-injection invariants, property tests).
 */
export function deriveOutputs<TMachine extends AnyStateMachine>(
  definition: ActorDefinition<TMachine>,
  key: string,
  inputs: Iterable<RecordedInput>,
): { readonly state: ActorState<TMachine>; readonly outputs: DerivedOutput[] } {
  const folder = new EventTimeFolder(definition, initialState(definition, key));
  const outputs: DerivedOutput[] = [];
  for (const input of inputs) {
    const before = folder.state;
    // Folded from the start, a late input always has a base: the start.
    const taken = folder.take(input)!;
    outputs.push(
      ...(taken.kind === 'step'
        ? stepOutputs(definition, before, input, taken.result)
        : correctionOutputs(input, taken as Correction<AnyStateMachine>)),
    );
  }
  return { state: folder.state, outputs };
}
