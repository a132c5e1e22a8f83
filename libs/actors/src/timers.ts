import { deterministicUuid } from './deterministic-id';

/** A delayed transition waiting for its time: set by an `after` of the state the actor is in. */
export interface PendingTimer {
  /** XState's send id of the delayed event (`xstate.after.<delay>.<state>`): cancels it. */
  readonly timerId: string;
  /** When it fires: the actor's clock when it was set, plus the delay. */
  readonly dueAt: string;
  /** The event XState raises when it fires. */
  readonly event: { readonly type: string } & Record<string, unknown>;
  /**
   * The id of its firing, fixed when it was set (see {@link firingId}). Absent from timers set
   * before Heed kept it (snapshots and `TimerScheduled` outputs of earlier versions): theirs is
   * derived from the timer id and due time alone.
   */
  readonly firing?: string;
  /**
   * Its place in the order the actor's pending timers were set (a timer set again goes last):
   * timers due at the same instant fire in that order, as XState's own actor fires them. Kept in
   * the actor's state and snapshots, not in `TimerScheduled`. Absent from timers set before Heed
   * kept it (fold version 4 and earlier): those fire after, by id.
   */
  readonly seq?: number;
}

/**
 * The data of a `TimerScheduled` output for a pending timer: the timer without `seq`, which is the
 * fold's own (a timer set again with the due time it has writes no new `TimerScheduled`, so a
 * written `seq` would go stale).
 */
export function timerScheduledData(key: string, timer: PendingTimer): Record<string, unknown> {
  const { seq: _, ...scheduled } = timer;
  return { key, ...scheduled };
}

/** Input event type the runtime appends to an actor's input stream when a timer is due. */
export const TIMER_FIRED = 'TimerFired';

/** Data of a `TimerFired` input event. */
export interface TimerFiredData {
  readonly key: string;
  readonly timerId: string;
  readonly dueAt: string;
  /**
   * The firing it is (the timer's `firing`, also its event id), when its `TimerScheduled` named one.
   * The fold does not need it: a `TimerFired` fires every timer due by `dueAt`, each as its own firing.
   */
  readonly firing?: string;
}

/**
 * The due time of a delay started at `time`: the one definition of a timer's due time. `time` is
 * the actor's clock (never earlier than any input it has folded), so a late input can never make a
 * timer due before the instant the machine meant.
 */
export function dueAt(time: string, delayMs: number): string {
  return new Date(Date.parse(time) + delayMs).toISOString();
}

/**
 * The id of one firing of a timer, the same however it fires: the wall clock's `TimerFired` input
 * carries it as its event id, and a timer that comes due in front of a later input uses it too, so
 * the outputs of a firing get the same ids either way and the store deduplicates them.
 *
 * `setBy` is the id of what set the timer (an input, or another timer's firing): a timer set again
 * with the same due time after it fired (inputs later than the actor's clock leave the clock where
 * it was, so the same delay gives the same due time) is another firing, with outputs of its own.
 * Without it, the id of timers set before Heed kept one.
 */
export function firingId(key: string, timerId: string, dueAt: string, setBy?: string): string {
  return deterministicUuid(
    setBy === undefined ? `fired:${key}:${timerId}:${dueAt}` : `fired:${key}:${timerId}:${dueAt}:${setBy}`,
  );
}

/** The id of a pending timer's firing: the one fixed when it was set, else the earlier derivation. */
export const firingIdOf = (key: string, timer: Pick<PendingTimer, 'timerId' | 'dueAt' | 'firing'>): string =>
  timer.firing ?? firingId(key, timer.timerId, timer.dueAt);

/** Due times in epoch ms by pending timer (its objects are never changed): a timer is parsed once, not on every input. */
const dueMillis = new WeakMap<PendingTimer, number>();

const dueMillisOf = (timer: PendingTimer): number => {
  // A corrupt snapshot may hold a primitive where a timer belongs: read as before, without a due time.
  if (typeof timer !== 'object') return Date.parse((timer as { dueAt: string }).dueAt);
  let ms = dueMillis.get(timer);
  if (ms === undefined) {
    ms = Date.parse(timer.dueAt);
    dueMillis.set(timer, ms);
  }
  return ms;
};

/**
 * The pending timer that fires first among those due at or before `atMs` (epoch ms): the earliest
 * due time; of timers due at the same instant, the one set first (`seq`), as XState's own actor
 * fires them; then by timer id. Every path fires the same timers in the same order.
 */
export function nextDue(timers: Readonly<Record<string, PendingTimer>>, atMs: number): PendingTimer | undefined {
  let next: PendingTimer | undefined;
  let nextMs = Number.POSITIVE_INFINITY;
  for (const timer of Object.values(timers)) {
    const ms = dueMillisOf(timer);
    if (!(ms <= atMs)) continue;
    if (ms < nextMs || (ms === nextMs && next !== undefined && firesBefore(timer, next))) {
      next = timer;
      nextMs = ms;
    }
  }
  return next;
}

/** Of two timers due at the same instant, whether `a` fires first. */
const firesBefore = (a: PendingTimer, b: PendingTimer): boolean => {
  const aSeq = a.seq ?? Number.POSITIVE_INFINITY;
  const bSeq = b.seq ?? Number.POSITIVE_INFINITY;
  return aSeq !== bSeq ? aSeq < bSeq : a.timerId < b.timerId;
};
