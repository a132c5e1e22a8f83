import type { EventStorage } from '../storage';
import { parsePosition, sourceName } from './event-source';
import type { PersistentSubscriptions } from './persistent-subscriptions';

/** One persistent subscription group as the store's metrics show it. */
export interface PersistentGroupSummary {
  /** The source: a stream name, or `$all`. */
  readonly stream: string;
  readonly group: string;
  /** Clients connected to the group. */
  readonly consumers: number;
  /** Messages sent to the consumers and not acknowledged yet. */
  readonly inFlight: number;
  readonly parked: number;
  /**
   * Events of a stream source after the group's last checkpoint (which trails the acknowledgements
   * by up to the group's checkpoint settings); undefined for `$all`, whose positions do not count events.
   */
  readonly lagEvents: number | undefined;
}

/** What each group of the store is doing now: clients, messages in flight, parked, lag. */
export function summarizeGroups(
  subscriptions: PersistentSubscriptions,
  storage: EventStorage,
): PersistentGroupSummary[] {
  return subscriptions.list(undefined).map((group) => {
    const s = group.statistics();
    let lagEvents: number | undefined;
    if (group.source.kind === 'stream') {
      const last = storage.streamState(group.source.streamId).lastRevision;
      const checkpoint = s.lastCheckpoint === undefined ? undefined : parsePosition(group.source, s.lastCheckpoint);
      lagEvents = Math.max(0, last - Number(checkpoint?.commit ?? -1n));
    }
    return {
      stream: sourceName(group.source),
      group: group.groupName,
      consumers: s.consumers.length,
      inFlight: s.inFlightCount,
      parked: s.parkedMessageCount,
      lagEvents,
    };
  });
}
