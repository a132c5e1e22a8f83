/** Event types the runtime writes to an actor's output stream besides the machine's own commands. */
export const STATE_CHANGED = 'StateChanged';
export const TIMER_SCHEDULED = 'TimerScheduled';
export const TIMER_CANCELLED = 'TimerCancelled';
/**
 * A new machine version's state of an actor, derived from the same inputs an older version folded
 * (no command of the past is emitted; see `rederivationEvents`).
 */
export const STATE_REDERIVED = 'StateRederived';
/**
 * A late input folded where its time puts it, and what that changed (ADR 0078): the state of the
 * re-fold, the commands it emits now, those already sent.
 */
export const STATE_CORRECTED = 'StateCorrected';
/** An input that arrived further behind the actor's event clock than allowed: folded where it arrived. */
export const INPUT_LATE = 'InputLate';
/** An input the actor could not take (unreadable, or the machine threw on it); it is skipped. */
export const INPUT_REJECTED = 'InputRejected';

/** One event to append to the actor's output stream, before ids and metadata are added. */
export interface OutputEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** Data of a `StateChanged` output: the lifecycle record that a timeline and "why" are built from. */
export interface StateChangedData {
  readonly key: string;
  /** The state value before; null for the actor's first change, when it enters the machine. */
  readonly from: unknown;
  readonly to: unknown;
  /**
   * What caused it: the input (`{ type, id }`, its event id), or a timer that came due
   * (`{ type: 'TimerFired', id, timerId, dueAt }`, the firing's id). No stream position: the same
   * history gives the same data whatever the delivery; the position is in the metadata.
   */
  readonly cause: Readonly<{ type: string; id: string; timerId?: string; dueAt?: string }>;
  readonly at: string;
  /** The actor definition's `scores` after the change (the lifecycle: `{ churn, fraud }`), if it has any. */
  readonly scores?: Readonly<Record<string, number>>;
}
