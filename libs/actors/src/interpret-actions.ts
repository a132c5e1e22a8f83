import { dueAt, type PendingTimer } from './timers';

/** The actions of one transition, read as data: nothing is executed. */
export interface InterpretedActions {
  /** Events emitted with XState's `emit()`: the command events to append. */
  readonly emitted: ReadonlyArray<{ readonly type: string } & Record<string, unknown>>;
  readonly scheduled: readonly PendingTimer[];
  readonly cancelled: readonly string[];
  /**
   * Action types the runtime does not take (custom actions with code, built-ins such as `sendTo` or
   * a spawned actor's): a machine's mistake.
   */
  readonly ignored: readonly string[];
}

interface ActionLike {
  readonly type: string;
  readonly params?: unknown;
}

type Params = Record<string, unknown> | undefined;

/**
 * The longest delay a timer may have: its due time must be a date (`toISOString` throws past
 * ±8.64e15 ms). About 31 years; a machine asking for more, or for a delay that is not a number,
 * has its input rejected on the record rather than failing the actor's every replay. A negative
 * delay is a due time already past: the timer fires at once, as XState's own actor fires it.
 */
const MAX_DELAY_MS = 1e12;
const isEvent = (value: unknown): value is { type: string } & Record<string, unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';

/**
 * Reads the actions that XState's pure `transition()` returned. Effects are data: `xstate.emit`
 * becomes a command event, a delayed `xstate.raise` a durable timer (due at `time` plus the
 * delay), `xstate.cancel` the cancellation of one. `time` is the actor's clock after the transition,
 * never the wall clock. Taken in order: `scheduled` are the timers set and not cancelled after, and
 * `cancelled` every timer id cancelled (the caller removes those first, then sets `scheduled`).
 * `causeId` (the input's or the firing's id) names the timers of raises without an id.
 *
 * @throws RangeError for a delay that is not a number of milliseconds within about 31 years.
 */
export function interpretActions(actions: readonly ActionLike[], time: string, causeId?: string): InterpretedActions {
  const emitted: Array<{ type: string } & Record<string, unknown>> = [];
  const scheduled: PendingTimer[] = [];
  const cancelled: string[] = [];
  const ignored: string[] = [];
  for (let index = 0; index < actions.length; index++) {
    const action = actions[index]!;
    const params = action.params as Params;
    switch (action.type) {
      case 'xstate.emit':
        if (isEvent(params?.event)) emitted.push(params.event);
        break;
      case 'xstate.raise':
        // Only a delayed raise leaves the step; XState handles an undelayed one itself.
        if (typeof params?.delay === 'number' && isEvent(params.event)) {
          // A raise without an id is a timer of its own, as XState gives it a fresh id (which no
          // `cancel` can name): its id derives from the cause and the action's place, the same on
          // every replay. Without a cause, the event type (as before fold version 5).
          const timerId =
            typeof params.id === 'string'
              ? params.id
              : causeId === undefined
                ? params.event.type
                : `${params.event.type}#${causeId}:${index}`;
          if (!(Math.abs(params.delay) <= MAX_DELAY_MS)) {
            throw new RangeError(
              `the delay of timer ${timerId} is ${params.delay} ms: not a time (at most ${MAX_DELAY_MS})`,
            );
          }
          scheduled.push({ timerId, dueAt: dueAt(time, params.delay), event: params.event });
        }
        break;
      case 'xstate.cancel':
        if (typeof params?.sendId === 'string') {
          const sendId = params.sendId;
          cancelled.push(sendId);
          // In order, as XState's own actor runs them: a timer set earlier in the same transition
          // (a state entered and left within it) is cancelled too, not left pending.
          for (let i = scheduled.length - 1; i >= 0; i--) if (scheduled[i]!.timerId === sendId) scheduled.splice(i, 1);
        }
        break;
      case 'xstate.log':
        // No effect outside the machine.
        break;
      default:
        // Custom actions with code, and built-ins the runtime does not run (`sendTo`, `sendParent`,
        // spawned or invoked actors): a machine's mistake, reported rather than dropped unseen.
        ignored.push(action.type);
    }
  }
  return { emitted, scheduled, cancelled, ignored };
}
