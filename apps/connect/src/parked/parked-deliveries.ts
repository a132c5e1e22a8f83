import { FORWARDS, START, StreamNotFoundError, type EventStoreDBClient } from '@eventstore/db-client';

/** A command a destination gave up on, as its consumer group's parked stream holds it. */
export interface ParkedDelivery {
  readonly commandId: string;
  readonly commandType: string;
  readonly stream: string;
  readonly revision: bigint;
  readonly customerId: string | undefined;
  /** The reason given when parking: attempts and last error. */
  readonly reason: string;
  /** When it was parked, if the store says. */
  readonly parkedAt: string | undefined;
}

/** The parked stream of a `$all` consumer group, as EventStoreDB names it. */
export const parkedStreamOf = (group: string): string => `$persistentsubscription-$all::${group}-parked`;

/** The deliveries parked in a destination's consumer group and not replayed since. */
export async function listParked(client: EventStoreDBClient, group: string): Promise<ParkedDelivery[]> {
  const parked: ParkedDelivery[] = [];
  try {
    for await (const resolved of client.readStream(parkedStreamOf(group), {
      direction: FORWARDS,
      fromRevision: START,
      resolveLinkTos: true,
    })) {
      const event = resolved.event;
      if (event === undefined) continue;
      const meta = (resolved.link?.metadata ?? {}) as { reason?: unknown; added?: unknown };
      const data = event.data as { customerId?: unknown } | undefined;
      parked.push({
        commandId: event.id,
        commandType: event.type,
        stream: event.streamId,
        revision: event.revision,
        customerId: typeof data?.customerId === 'string' ? data.customerId : undefined,
        // EventStoreDB puts its own words in front of the consumer's reason.
        reason:
          typeof meta.reason === 'string' ? meta.reason.replace(/^Client explicitly NAK'ed message\.\s*/, '') : '',
        parkedAt: typeof meta.added === 'string' ? meta.added : undefined,
      });
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return parked;
}

/**
 * Hands a destination's parked deliveries back to its consumer group (the store's own replay):
 * they are delivered again, with fresh attempts, by whichever worker is running.
 */
export async function replayParked(client: EventStoreDBClient, group: string): Promise<void> {
  await client.replayParkedMessagesToAll(group);
}
