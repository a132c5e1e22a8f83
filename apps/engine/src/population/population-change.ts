import type { Position, ResolvedEvent } from '@eventstore/db-client';
import { STATE_CHANGED, STATE_CORRECTED, STATE_REDERIVED, TIMER_FIRED } from '@heed/actors';
import type { StateValue } from 'xstate';
import { isStateValue } from './state-value-ids';

/** What caused a change (`StateChangedData.cause`): a signal by type and id, or a timer's firing. */
export type ChangeCause = Readonly<{ type: string; id?: string; timerId?: string; dueAt?: string }>;

/** The event types the population reads: a state change, a re-derivation, a correction. */
export const POPULATION_EVENT_TYPES = [STATE_CHANGED, STATE_REDERIVED, STATE_CORRECTED] as const;

/**
 * A `StateChanged` (or a new machine version's `StateRederived`, or a late signal's `StateCorrected`)
 * as the population reads it, with where it stands in `$all`.
 */
export interface PopulationChange {
  /** Its position in `$all`: the read model's checkpoint. */
  readonly position: Position;
  readonly customerId: string;
  /** Null when the event has no previous value (the population then only knows where it went). */
  readonly from: StateValue | null;
  readonly to: StateValue;
  /** The customer's clock (ISO-8601) and the same in ms. */
  readonly at: string;
  readonly atMs: number;
  readonly cause: ChangeCause;
  /**
   * Whether an arrow of the chart was taken (`StateChanged`). A `StateRederived` or `StateCorrected`
   * moves the customer to where the inputs put them, but no transition is counted for it.
   */
  readonly transition: boolean;
  readonly scores: Readonly<Record<string, number>>;
}

/**
 * The change an event of an output stream (named `outputPrefix` + id) records, or undefined for
 * any other event (another stream, a command, a timer) and for a `StateChanged` whose data the
 * population cannot read: the read model skips those and moves its checkpoint on.
 */
export function populationChangeOf(resolved: ResolvedEvent, outputPrefix: string): PopulationChange | undefined {
  const event = resolved.event;
  if (event === undefined || event.position === undefined || !event.streamId.startsWith(outputPrefix)) return undefined;
  const type = event.type;
  if (type !== STATE_CHANGED && type !== STATE_REDERIVED && type !== STATE_CORRECTED) return undefined;
  const data = event.data as Partial<Record<'key' | 'from' | 'to' | 'at' | 'cause' | 'scores', unknown>>;
  const atMs = typeof data.at === 'string' ? Date.parse(data.at) : Number.NaN;
  if (typeof data.key !== 'string' || !isStateValue(data.to) || Number.isNaN(atMs)) return undefined;
  return {
    position: event.position,
    customerId: data.key,
    from: isStateValue(data.from) ? data.from : null,
    to: data.to,
    at: data.at as string,
    atMs,
    cause: isCause(data.cause) ? data.cause : { type: 'unknown' },
    transition: type === STATE_CHANGED,
    scores: scoresOf(data.scores),
  };
}

/** The name a transition is counted under: the signal's type, or for a timer its id (`xstate.after.…`). */
export function causeEventName(cause: ChangeCause): string {
  return cause.type === TIMER_FIRED && cause.timerId !== undefined ? cause.timerId : cause.type;
}

function isCause(value: unknown): value is ChangeCause {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function scoresOf(value: unknown): Record<string, number> {
  const scores: Record<string, number> = {};
  if (typeof value !== 'object' || value === null) return scores;
  // A loop rather than entries, filter and fromEntries: this runs for every change read.
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const score = (value as Record<string, unknown>)[key];
    if (typeof score !== 'number') continue;
    // Defined, not assigned: a score named `__proto__` is a score like any other.
    if (key === '__proto__')
      Object.defineProperty(scores, key, { value: score, enumerable: true, writable: true, configurable: true });
    else scores[key] = score;
  }
  return scores;
}
