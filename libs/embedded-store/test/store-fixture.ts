import { randomUUID } from 'node:crypto';
import { EventStoreDBClient } from '@eventstore/db-client';
import type { ResolvedEvent } from '@eventstore/db-client';
import { startEmbeddedStore } from '@heed/embedded-store';
import type { EmbeddedStoreOptions, RunningEmbeddedStore } from '@heed/embedded-store';

/** One in-memory store and one client per test file (or `describe`), stopped after it. */
export function useStore(options: EmbeddedStoreOptions = {}): {
  readonly client: EventStoreDBClient;
  readonly store: RunningEmbeddedStore;
} {
  const fixture = {} as { client: EventStoreDBClient; store: RunningEmbeddedStore };
  beforeAll(async () => {
    fixture.store = await startEmbeddedStore({ ...options, port: 0 });
    fixture.client = EventStoreDBClient.connectionString(fixture.store.connectionString);
  });
  afterAll(async () => {
    await fixture.client.dispose();
    await fixture.store.stop();
  });
  return fixture;
}

/** A stream name no other test uses. */
export const uniqueStream = (category: string): string => `${category}-${randomUUID().replace(/-/g, '')}`;

/** Reads a whole stream through the client. */
export async function collect(iterable: AsyncIterable<ResolvedEvent>): Promise<ResolvedEvent[]> {
  const events: ResolvedEvent[] = [];
  for await (const event of iterable) events.push(event);
  return events;
}
