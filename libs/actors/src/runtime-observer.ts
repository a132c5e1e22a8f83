/**
 * What the actor runtime tells as it works, for metrics. Every method is optional and called on
 * the runtime's path, so it must be cheap (a counter increment) and must not throw.
 */
export interface ActorRuntimeObserver {
  /** An actor was rebuilt: from its snapshot (if it had a usable one) plus `inputsFolded` inputs. */
  rehydrated?(seconds: number, inputsFolded: number, fromSnapshot: boolean): void;
  /** An actor whose first input was handed in found no outputs and started from its initial state (ADR 0086). */
  startedFresh?(): void;
  /** Inputs were folded and their outputs appended in one append (`outputs` may be empty). */
  appended?(inputs: number, outputs: readonly { readonly type: string }[]): void;
  /** A snapshot append was tried: `written`, or `failed` (it is a cache: nothing else happens). */
  snapshot?(outcome: 'written' | 'failed'): void;
  /** Another writer appended to the actor's outputs first: the actor is reloaded and tried again. */
  conflictRetried?(): void;
  /** This machine version took over an actor an older version wrote, and recorded `StateRederived`. */
  rederived?(): void;
  /**
   * A late input was folded where its time puts it and recorded as `StateCorrected` (ADR 0078),
   * re-folding `inputsRefolded` inputs (from the nearest snapshot before it, or the start).
   */
  corrected?(inputsRefolded: number): void;
  /** An input arrived later than the allowed lateness: folded where it arrived, marked `InputLate`. */
  markedLate?(): void;
}

/**
 * What the timer wheel tells as it works, for metrics; cheap and never throwing, like
 * {@link ActorRuntimeObserver}.
 */
export interface TimerWheelObserver {
  /** A `TimerScheduled` output was filed into its bucket. */
  filed?(): void;
  /** A timer was fired by the wall clock, `lateMs` after its due time (or its retry time). */
  fired?(lateMs: number): void;
}
