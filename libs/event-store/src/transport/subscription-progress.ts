import type { PersistentSubscriptionToStreamResolvedEvent } from '@eventstore/db-client';

/** A place in the consumed stream: a revision and when the store recorded it (ms since the epoch). */
export interface StreamPlace {
  readonly revision: bigint;
  readonly created: number;
}

/** The place of a delivered event in the consumed stream: its link's when it came through a link. */
export function placeOf(event: PersistentSubscriptionToStreamResolvedEvent): StreamPlace | undefined {
  const record = event.link ?? event.event;
  return record === undefined ? undefined : { revision: record.revision, created: record.created.getTime() };
}

/**
 * How far one consumer of a persistent subscription has got: the events it holds (delivered, not
 * yet settled) and the newest it settled. The consumer has nothing left to do up to
 * {@link handledThrough}; what lies beyond it, up to the stream's head, is its lag.
 */
export class SubscriptionProgress {
  private readonly holding = new Map<bigint, number>();
  private newest: StreamPlace | undefined;

  received(place: StreamPlace): void {
    this.holding.set(place.revision, place.created);
  }

  settled(place: StreamPlace): void {
    this.holding.delete(place.revision);
    if (this.newest === undefined || place.revision > this.newest.revision) this.newest = place;
  }

  /** Events delivered and not settled yet. */
  get holdingCount(): number {
    return this.holding.size;
  }

  /**
   * The revision up to which this consumer has handled everything it was given: just before the
   * oldest event it holds, else its newest settled; -1 before anything was delivered.
   */
  handledThrough(): bigint {
    let oldest: bigint | undefined;
    for (const revision of this.holding.keys()) if (oldest === undefined || revision < oldest) oldest = revision;
    if (oldest !== undefined) return oldest - 1n;
    return this.newest?.revision ?? -1n;
  }
}
