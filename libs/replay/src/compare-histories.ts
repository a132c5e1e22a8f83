import {
  advance,
  eventTimeOrder,
  initialState,
  step,
  TIMER_FIRED,
  type ActorDefinition,
  type ActorState,
  type Effect,
  type RecordedInput,
} from '@heed/actors';
import { sameDecisions, type Decision, type DecisionLens } from './decision';

/** The input of a history a comparison points at. */
export type InputRef = Readonly<{
  revision: number;
  id: string;
  type: string;
  /** The input's event time, when the definition can read one. */
  at: string | null;
}>;

/**
 * Where two folds of one history first decided differently: the input (or, with `input` null, the
 * time that passed after the last input up to the horizon) and what each machine decided on it.
 */
export type Divergence = Readonly<{
  input: InputRef | null;
  current: readonly Decision[];
  changed: readonly Decision[];
}>;

/** One actor's history folded through the current and the changed machine. */
export type CustomerComparison = Readonly<{
  key: string;
  /** Inputs folded (those after the window's end are not). */
  inputs: number;
  /** Decisions within the window, in order, of the current machine … */
  current: readonly Decision[];
  /** … and of the changed one. */
  changed: readonly Decision[];
  /** Null when both made the same decisions at the same instants. */
  divergence: Divergence | null;
  /** The state values at the horizon, when they differ; null when they are the same. */
  finalState: Readonly<{ current: unknown; changed: unknown }> | null;
}>;

/** The span of event time a comparison reports: decisions before `fromMs` are folded, not reported. */
export type ComparisonWindow = Readonly<{
  fromMs?: number;
  /** Inputs timed after it are not folded; undefined: every input is. */
  toMs?: number;
  /**
   * Both folds end with every timer due by then fired, as the wall clock fires them for a silent
   * actor (one whose clock is already later fires nothing more).
   */
  horizonMs: number;
}>;

/** The two machines a what-if folds every history through. */
export type MachinePair = Readonly<{ current: ActorDefinition; changed: ActorDefinition }>;

/** Folds one actor's history through both machines of a pair and compares their decisions. */
export type Comparer = (key: string, inputs: Iterable<RecordedInput>, window: ComparisonWindow) => CustomerComparison;

type ToMachineInput = ActorDefinition['toMachineInput'];

/**
 * Reads each recorded input once: the fold asks for an input's time before stepping it, and both
 * machines of a pair usually read inputs alike, so the second and third reading reuse the first.
 */
function readingOnce(read: ToMachineInput): ToMachineInput {
  let last: RecordedInput | undefined;
  let result: ReturnType<ToMachineInput>;
  let failed = false;
  let failure: unknown;
  return (recorded) => {
    if (recorded !== last) {
      last = recorded;
      try {
        result = read(recorded);
        failed = false;
      } catch (error) {
        result = undefined;
        failed = true;
        failure = error;
      }
    }
    if (failed) throw failure;
    return result;
  };
}

const timeOf = (definition: ActorDefinition, input: RecordedInput): number | undefined => {
  if (input.type === TIMER_FIRED) {
    const dueAt = (input.data as { dueAt?: unknown } | null)?.dueAt;
    return typeof dueAt === 'string' ? Date.parse(dueAt) : undefined;
  }
  try {
    const time = definition.toMachineInput(input)?.time;
    return time === undefined ? undefined : Date.parse(time);
  } catch {
    // Unreadable: the fold rejects it on the record; it has no time to judge by.
    return undefined;
  }
};

/**
 * Builds the comparer of a pair of machines. Both folds are the runtime's own (`step`, timers in
 * event time), run in lockstep over the same inputs, with one difference: a recorded `TimerFired`
 * input is read as the time it passed — the timers of either machine due by its due time fire,
 * not only the one the deployed machine had set — so that a changed delay fires when its time
 * came, as it would have live. Nothing is written: outputs are read as data, and only decisions
 * (see `DecisionLens`) are kept.
 */
export function createComparer(pair: MachinePair, lens: DecisionLens): Comparer {
  const sharedReading = pair.current.toMachineInput === pair.changed.toMachineInput;
  const currentReading = readingOnce(pair.current.toMachineInput.bind(pair.current));
  const current: ActorDefinition = { ...pair.current, toMachineInput: currentReading };
  const changed: ActorDefinition = {
    ...pair.changed,
    toMachineInput: sharedReading ? currentReading : readingOnce(pair.changed.toMachineInput.bind(pair.changed)),
  };

  const allowedLatenessMs = current.allowedLatenessMs ?? 0;
  /**
   * Compares the folds of `ordered`; with `bailOnLate`, gives up (undefined) at the first input
   * that arrived late within the allowed lateness: the inputs must then be put in event-time order.
   */
  const compare = (
    key: string,
    ordered: Iterable<RecordedInput>,
    window: ComparisonWindow,
    bailOnLate: boolean,
  ): CustomerComparison | undefined => {
    let a: ActorState = initialState(current, key);
    let b: ActorState = initialState(changed, key);
    const trailA: Decision[] = [];
    const trailB: Decision[] = [];
    let divergence: Divergence | null = null;
    let folded = 0;
    const fromMs = window.fromMs ?? Number.NEGATIVE_INFINITY;

    const decisionsOf = (effects: readonly Effect[]): Decision[] => {
      const decisions: Decision[] = [];
      for (const effect of effects) {
        if (effect.time === undefined) continue;
        for (const decision of lens.decisionsOf(effect.outputs, effect.time)) {
          if (Date.parse(decision.at) >= fromMs) decisions.push(decision);
        }
      }
      return decisions;
    };
    // `input` is a thunk: the reference is built only for the first divergence.
    const record = (input: () => InputRef | null, effectsA: readonly Effect[], effectsB: readonly Effect[]): void => {
      if (effectsA.length === 0 && effectsB.length === 0) return;
      const da = decisionsOf(effectsA);
      const db = decisionsOf(effectsB);
      if (da.length > 0) trailA.push(...da);
      if (db.length > 0) trailB.push(...db);
      if (divergence === null && !sameDecisions(da, db)) divergence = { input: input(), current: da, changed: db };
    };

    let clock = Number.NEGATIVE_INFINITY;
    for (const input of ordered) {
      const atMs = timeOf(current, input);
      if (atMs !== undefined) {
        const late = input.type !== TIMER_FIRED && atMs < clock && clock - atMs <= allowedLatenessMs;
        if (late && bailOnLate) return undefined;
        if (atMs > clock) clock = atMs;
      }
      if (atMs !== undefined && window.toMs !== undefined && atMs > window.toMs) continue;
      folded++;
      let effectsA: readonly Effect[] = [];
      let effectsB: readonly Effect[] = [];
      if (input.type === TIMER_FIRED && atMs !== undefined) {
        const passedA = advance(current, a, atMs);
        const passedB = advance(changed, b, atMs);
        a = passedA.state;
        b = passedB.state;
        effectsA = passedA.effects;
        effectsB = passedB.effects;
      }
      const stepA = step(current, a, input);
      const stepB = step(changed, b, input);
      a = stepA.state;
      b = stepB.state;
      if (stepA.effects.length > 0) effectsA = effectsA.length === 0 ? stepA.effects : [...effectsA, ...stepA.effects];
      if (stepB.effects.length > 0) effectsB = effectsB.length === 0 ? stepB.effects : [...effectsB, ...stepB.effects];
      record(
        () => ({
          revision: Number(input.revision),
          id: input.id,
          type: input.type,
          at: atMs === undefined ? null : new Date(atMs).toISOString(),
        }),
        effectsA,
        effectsB,
      );
    }

    const endA = advance(current, a, window.horizonMs);
    const endB = advance(changed, b, window.horizonMs);
    record(() => null, endA.effects, endB.effects);
    const valueA = (endA.state.snapshot as { value?: unknown }).value;
    const valueB = (endB.state.snapshot as { value?: unknown }).value;
    const sameState = JSON.stringify(valueA) === JSON.stringify(valueB);
    return {
      key,
      inputs: folded,
      current: trailA,
      changed: trailB,
      divergence,
      finalState: sameState ? null : { current: valueA, changed: valueB },
    };
  };

  return (key, inputs, window) => {
    const taken: RecordedInput[] = [];
    for (const input of inputs) if (input.revision > (taken.at(-1)?.revision ?? -1n)) taken.push(input);
    // Late inputs go where the runtime folds them (ADR 0078). The order depends on the inputs'
    // times alone, so both machines take the same one; it is worked out only when one is late.
    return (
      compare(key, taken, window, true) ??
      compare(key, eventTimeOrder(current, initialState(current, key), taken)!, window, false)!
    );
  };
}
