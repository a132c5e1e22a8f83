import type { AnyStateMachine, EventFromLogic, InputFrom, SnapshotFrom } from 'xstate';

/** An input event as read from the actor's input stream, before it is given to the machine. */
export interface RecordedInput {
  readonly id: string;
  readonly type: string;
  readonly revision: bigint;
  readonly data: unknown;
  readonly metadata: unknown;
}

/** What the definition makes of a recorded input: the machine's event and the time it happened. */
export interface MachineInput<TMachine extends AnyStateMachine> {
  readonly event: EventFromLogic<TMachine>;
  /**
   * ISO-8601 time of the event. Timers due by then fire before the event is taken; the actor's clock
   * moves to it unless it is already later (a late event never moves the clock back).
   */
  readonly time: string;
}

/**
 * Everything the runtime needs to know about a kind of actor. The runtime itself knows machines and
 * streams, not what they model: the engine injects the customer lifecycle machine; an engineer can
 * inject their own.
 */
export interface ActorDefinition<TMachine extends AnyStateMachine = AnyStateMachine> {
  /** The XState machine, folded with the pure `transition()`; its actions are returned as data. */
  readonly machine: TMachine;
  /** Version of the machine; snapshots of another version are ignored in favour of replay. */
  readonly version: string;
  /** The machine's input for a new actor, from its key (e.g. `{ customerId }`). */
  input(key: string): InputFrom<TMachine>;
  /**
   * For a machine whose start depends on the key through its context alone: the initial snapshot
   * of the actor `key`, from `initial`, the initial snapshot of another key. The runtime then
   * computes the machine's initial transition once, not for every new actor (XState enters every
   * initial state anew: about 30 µs for the lifecycle's six regions), and its actions are the same
   * for every key. Without it, the initial transition is computed for each actor.
   */
  initialFor?(initial: SnapshotFrom<TMachine>, key: string): SnapshotFrom<TMachine>;
  /**
   * Turns a recorded input event into the machine's event (deserialising and upcasting it), or
   * returns undefined for an event the machine does not take (it is then skipped, in order).
   */
  toMachineInput(recorded: RecordedInput): MachineInput<TMachine> | undefined;
  /**
   * The machine's own clock, for a machine that keeps one in its context (ISO-8601, or null before
   * its first event). Delays are added to it, so that the runtime's due time of a timer is exactly
   * the instant the machine meant. Without it, the clock is the latest time of the events taken.
   */
  clock?(snapshot: SnapshotFrom<TMachine>): string | null | undefined;
  /**
   * A few numbers worth keeping with each state change (e.g. scores), so that read models can list
   * actors with them without folding anyone. Written as `scores` in `StateChanged`.
   */
  scores?(snapshot: SnapshotFrom<TMachine>): Readonly<Record<string, number>>;
  /**
   * How far behind the actor's event clock an input may arrive and still be folded where its time
   * puts it (ADR 0078): the state is re-derived from before it and the difference recorded as a
   * correction. An input later than that is folded in arrival order and marked late. Default 0:
   * every late input is folded in arrival order.
   */
  readonly allowedLatenessMs?: number;
}
