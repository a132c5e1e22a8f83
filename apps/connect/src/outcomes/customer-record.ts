/** A change of a customer's state, as `StateChanged` records it. */
export interface RecordedChange {
  /** Revision in `lifecycle-<id>`: the order of the customer's outputs. */
  readonly revision: bigint;
  /** The customer's clock when it changed (ISO-8601). */
  readonly at: string;
  readonly from: unknown;
  readonly to: unknown;
  /** The type of the signal (or `TimerFired`) that caused it. */
  readonly causeType: string;
}

/** A command event the engine wrote. */
export interface RecordedCommand {
  readonly id: string;
  readonly type: string;
  readonly revision: bigint;
  /** The customer's clock when it was decided (ISO-8601). */
  readonly requestedAt: string;
}

/** What became of a command on its way to the customer, from `delivery-<id>`. */
export type Reach = 'delivered' | 'held-out' | 'parked' | 'retrying' | 'no-destination';

/** One customer's lifecycle outputs and delivery outcomes, read from the store. */
export interface CustomerRecord {
  readonly customerId: string;
  readonly changes: readonly RecordedChange[];
  readonly commands: readonly RecordedCommand[];
  /** Delivery outcome types per command id (`CommandDelivered`, `CommandHeldOut`, …), in order. */
  readonly deliveries: ReadonlyMap<string, readonly string[]>;
}

/**
 * How far a command got: delivered to any destination; else held out (the destination's control
 * group); else parked after its last attempt; else still being retried; else no destination takes
 * its type (no outcome at all).
 */
export function reachOf(outcomes: readonly string[] | undefined): Reach {
  if (outcomes === undefined || outcomes.length === 0) return 'no-destination';
  if (outcomes.includes('CommandDelivered')) return 'delivered';
  if (outcomes.includes('CommandHeldOut')) return 'held-out';
  if (outcomes.includes('CommandParked')) return 'parked';
  return 'retrying';
}
