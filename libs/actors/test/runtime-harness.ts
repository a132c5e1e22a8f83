import {
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  jsonEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { startEmbeddedStore, type RunningEmbeddedStore } from '@heed/embedded-store';
import { randomUUID } from 'node:crypto';
import { ActorRuntime, type ActorRuntimeOptions, type ActorStreams } from '../src/actor-runtime';
import type { RecordedInput } from '../src/actor-definition';
import { accountDefinition, type AccountMachine } from './fixtures/subscription.machine';

/** A store, a client and fresh stream names: what the runtime's integration tests share. */
export interface Harness {
  readonly store: RunningEmbeddedStore;
  readonly client: EventStoreDBClient;
  /** Streams with a prefix unique to the test, so that no test sees another's data. */
  streams(): ActorStreams & { readonly prefix: string };
  runtime(streams: ActorStreams, options?: Partial<ActorRuntimeOptions<AccountMachine>>): ActorRuntime<AccountMachine>;
  /** Appends an input and returns it as the runtime receives it. */
  append(stream: string, type: string, data: Record<string, unknown>): Promise<RecordedInput>;
  readAll(stream: string): Promise<ResolvedEvent[]>;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const store = await startEmbeddedStore({ port: 0 });
  const client = EventStoreDBClient.connectionString(store.connectionString);
  return {
    store,
    client,
    streams: () => {
      const prefix = `t${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      return {
        prefix,
        input: (key) => `${prefix}in-${key}`,
        output: (key) => `${prefix}out-${key}`,
        snapshot: (key) => `${prefix}snap-${key}`,
      };
    },
    runtime: (streams, options = {}) =>
      new ActorRuntime({ client, definition: accountDefinition(60_000), streams, ...options }),
    append: async (stream, type, data) => {
      const id = randomUUID();
      const result = await client.appendToStream(stream, jsonEvent({ id, type, data }));
      return { id, type, revision: result.nextExpectedRevision, data, metadata: {} };
    },
    readAll: async (stream) => {
      const events: ResolvedEvent[] = [];
      try {
        for await (const e of client.readStream(stream, { direction: FORWARDS, fromRevision: START })) events.push(e);
      } catch (error) {
        if (!(error instanceof StreamNotFoundError)) throw error;
      }
      return events;
    },
    stop: async () => {
      await client.dispose();
      await store.stop();
    },
  };
}

/** Minutes after a fixed origin, as ISO-8601: event times in tests never come from the clock. */
export const at = (minute: number): string => new Date(Date.UTC(2026, 0, 1) + minute * 60_000).toISOString();
