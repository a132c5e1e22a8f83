import { START, type EventStoreDBClient, type ResolvedEvent } from '@eventstore/db-client';

/**
 * Resolves with the first event of `stream` (from its start) that satisfies `accept`: tests wait on
 * the store's own events, never on a fixed sleep. Rejects after `timeoutMs`, naming what it waited for.
 */
export async function nextEvent(
  client: EventStoreDBClient,
  stream: string,
  accept: (event: ResolvedEvent) => boolean,
  timeoutMs = 10_000,
): Promise<ResolvedEvent> {
  const subscription = client.subscribeToStream(stream, { fromRevision: START, resolveLinkTos: true });
  const timeout = setTimeout(() => void subscription.unsubscribe(), timeoutMs);
  try {
    for await (const event of subscription) {
      if (accept(event)) return event;
    }
    throw new Error(`no matching event on ${stream} within ${timeoutMs} ms`);
  } finally {
    clearTimeout(timeout);
    await subscription.unsubscribe();
  }
}

/** `nextEvent` for an event of a type. */
export const nextOfType = (client: EventStoreDBClient, stream: string, type: string, timeoutMs?: number) =>
  nextEvent(client, stream, (e) => e.event?.type === type, timeoutMs);
