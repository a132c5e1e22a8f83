/** A delayed transition waiting for its time: set by an `after` of the state the actor is in. */
export interface PendingTimer {
  /** XState's send id of the delayed event (`xstate.after.<delay>.<state>`): cancels it. */
  readonly timerId: string;
  /** When it fires: the time of the event that set it plus the delay. */
  readonly dueAt: string;
  /** The event XState raises when it fires. */
  readonly event: { readonly type: string } & Record<string, unknown>;
}

/** Input event type the runtime appends to an actor's input stream when a timer is due. */
export const TIMER_FIRED = 'TimerFired';

/** Data of a `TimerFired` input event. */
export interface TimerFiredData {
  readonly key: string;
  readonly timerId: string;
  readonly dueAt: string;
}

/** The due time of a delay started at `time`. */
export function dueAt(time: string, delayMs: number): string {
  return new Date(Date.parse(time) + delayMs).toISOString();
}
