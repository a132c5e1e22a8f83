import type { AnyStateMachine, SnapshotFrom } from 'xstate';
import type { PendingTimer } from './timers';

/**
 * What the runtime holds of one actor: the fold of its input stream. It is plain data plus the
 * machine snapshot; a resident actor costs this, never a live `createActor` instance.
 */
export interface ActorState<TMachine extends AnyStateMachine = AnyStateMachine> {
  readonly key: string;
  readonly snapshot: SnapshotFrom<TMachine>;
  /** Revision of the last input folded into `snapshot`; -1 before the first. */
  readonly inputRevision: bigint;
  /** Delayed transitions set and neither fired nor cancelled, by timer id. */
  readonly timers: Readonly<Record<string, PendingTimer>>;
  /**
   * The actor's clock: the latest time of the inputs and timers it has taken (or the machine's own
   * clock, see `ActorDefinition.clock`); never goes back. Undefined before the first input.
   */
  readonly time: string | undefined;
  /**
   * Whether the machine has taken an input. Until then the actions of its initial transition
   * (entry actions, first timers) are pending: they need the first input's time.
   */
  readonly started: boolean;
  /**
   * The latest event time (epoch ms) among the inputs folded, the yardstick of lateness: an input
   * older than it arrived late (ADR 0078). Undefined before the first input with a time.
   */
  readonly eventClockMs?: number;
  /**
   * Commands sent that the fold in event-time order no longer has (a late input showed them
   * premature), by type: a later correction that brings one back does not send it twice.
   */
  readonly sentAhead?: Readonly<Record<string, number>>;
}
