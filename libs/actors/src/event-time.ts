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
import { step, type Effect } from './step';
import { TIMER_FIRED, type PendingTimer } from './timers';

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
    this.inputs.push(input);
    const result = step(this.definition, this.current, input);
    const allowed = this.definition.allowedLatenessMs ?? 0;
    if (result.lateByMs !== undefined && result.lateByMs <= allowed) {
      const refolded = this.refoldLate();
      if (refolded === undefined) return undefined;
      this.current = refolded.state;
    } else {
      this.current = result.state;
    }
    if (this.inputs.length % this.every === 0)
      this.checkpoints.push({ count: this.inputs.length, state: this.current });
    return this.current;
  }

  private refoldLate(): Refold<TMachine> | undefined {
    for (let i = this.checkpoints.length - 1; i >= 0; i--) {
      const { count, state } = this.checkpoints[i]!;
      const refolded = refold(this.definition, state, this.inputs.slice(count));
      if (refolded !== undefined) return refolded;
    }
    return refold(this.definition, this.base, this.inputs);
  }
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
  /** Revision of the last input of the state the re-fold started from; -1 for the start. */
  readonly refoldedFrom: string;
  /** Commands of the re-fold not sent before: emitted now, after this event. */
  readonly emitted: readonly string[];
  /** Commands of the re-fold already sent for the same stretch of history: not sent again. */
  readonly alreadySent: readonly string[];
  /** Commands sent for that stretch that the re-fold no longer has (sent is sent: kept on the record). */
  readonly withdrawn: readonly string[];
  readonly scores?: Readonly<Record<string, number>>;
}

const valueOf = (state: ActorState<AnyStateMachine>): unknown =>
  state.started ? (state.snapshot as { value: unknown }).value : null;

/** A command already in an actor's output stream. */
export interface RecordedCommand {
  readonly type: string;
  readonly data: unknown;
}

/**
 * The outputs of a late input re-folded in event-time order: one `StateCorrected`, the commands
 * the re-fold has that were not sent for the same stretch of history, and the net change of
 * pending timers. `recorded`: the commands already in the output stream since the re-fold's base,
 * in order. A command of the re-fold counts as sent when one with the same type and data was;
 * then, of those left, when one of the same type was (the n-th left of a type pairs with the n-th
 * left sent: a reminder re-timed by the late input is not sent a second time). None is sent twice.
 */
export function correctionOutputs<TMachine extends AnyStateMachine>(
  definition: ActorDefinition<TMachine>,
  before: ActorState<TMachine>,
  refolded: Refold<TMachine>,
  late: { readonly input: RecordedInput; readonly lateByMs: number; readonly baseRevision: bigint },
  recorded: readonly RecordedCommand[],
): OutputEvent[] {
  const after = refolded.state;
  const candidates = refolded.effects.flatMap(({ effect }) => effect.outputs.filter((o) => isCommand(o.type)));
  const unsent = new Set(recorded.map((_, index) => index));
  const keyOf = (command: RecordedCommand): string => `${command.type}\u0000${JSON.stringify(command.data)}`;
  const sentAs = new Map<number, number>();
  // First the same command (type and data), then the same type.
  for (const sameData of [true, false]) {
    candidates.forEach((command, index) => {
      if (sentAs.has(index)) return;
      for (const sent of unsent) {
        const other = recorded[sent]!;
        if (other.type === command.type && (!sameData || keyOf(other) === keyOf(command))) {
          unsent.delete(sent);
          sentAs.set(index, sent);
          return;
        }
      }
    });
  }
  const commands = candidates.filter((_, index) => !sentAs.has(index));
  const scores = after.started ? definition.scores?.(after.snapshot) : undefined;
  const time = inputTimeMs(definition, late.input);
  const data: StateCorrectedData = {
    key: after.key,
    from: valueOf(before),
    to: valueOf(after),
    cause: { type: late.input.type, id: late.input.id },
    at: after.time ?? null,
    occurredAt: new Date(time ?? Number.NaN).toISOString(),
    lateByMs: late.lateByMs,
    refoldedFrom: late.baseRevision.toString(),
    emitted: commands.map((c) => c.type),
    alreadySent: candidates.filter((_, index) => sentAs.has(index)).map((c) => c.type),
    withdrawn: [...unsent].map((index) => recorded[index]!.type),
    ...(scores === undefined ? {} : { scores }),
  };
  return [{ type: STATE_CORRECTED, data: { ...data } }, ...commands, ...timerChanges(after.key, before, after)];
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
    if (before.timers[timer.timerId]?.dueAt !== timer.dueAt) {
      outputs.push({ type: TIMER_SCHEDULED, data: { key, ...timer } });
    }
  }
  return outputs;
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
