import { EventStoreDBClient, StreamNotFoundError } from '@eventstore/db-client';
import { loadConfig } from '@heed/config';
import { startEmbeddedStore, type RunningEmbeddedStore } from '@heed/embedded-store';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { createIngestApp } from '../src/create-ingest-app';
import { IngestConfig } from '../src/ingest.config';

export const WRITE_KEY = 'test-write-key-0123456789';

/** A running ingest service on an in-memory embedded store, for one test file. */
export interface IngestUnderTest {
  readonly url: string;
  readonly client: EventStoreDBClient;
  store: RunningEmbeddedStore;
  readonly app: NestFastifyApplication;
  stop(): Promise<void>;
}

export async function startIngest(env: Record<string, string> = {}): Promise<IngestUnderTest> {
  const store = await startEmbeddedStore({ port: 0 });
  const client = EventStoreDBClient.connectionString(store.connectionString);
  const config = loadConfig(IngestConfig, {
    HEED_WRITE_KEYS: `${WRITE_KEY},other-key-0123456789`,
    HEED_INGEST_STORE_TIMEOUT_MS: '2000',
    ...env,
  });
  const app = await createIngestApp({ config, client }, false);
  await app.listen(0, '127.0.0.1');
  const running: IngestUnderTest = {
    url: await app.getUrl(),
    client,
    store,
    app,
    stop: async () => {
      await app.close();
      await client.dispose();
      await running.store.stop();
    },
  };
  return running;
}

/** A POST with the write key as HTTP Basic user name, as Segment SDKs send it. */
export async function post(
  ingest: IngestUnderTest,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${ingest.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`,
      ...headers,
    },
    body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown>, headers: response.headers };
}

/** Every event of a stream, through the store client (empty when the stream does not exist). */
export async function readAll(
  client: EventStoreDBClient,
  stream: string,
): Promise<Array<{ id: string; type: string; data: Record<string, unknown>; metadata: Record<string, unknown> }>> {
  const events = [];
  try {
    for await (const resolved of client.readStream(stream)) {
      const e = resolved.event!;
      events.push({
        id: e.id,
        type: e.type,
        data: e.data as Record<string, unknown>,
        metadata: e.metadata as Record<string, unknown>,
      });
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return events;
}

/** A customer id of its own for each test. */
export const newCustomer = (): string => `c-${randomUUID()}`;
export const newMessage = (): string => `m-${randomUUID()}`;

/** A valid `Signed In` track call. */
export const signedIn = (userId: string, messageId = newMessage(), extra: Record<string, unknown> = {}) => ({
  messageId,
  userId,
  event: 'Signed In',
  properties: { username: 'ada' },
  timestamp: '2026-03-01T12:00:00.000Z',
  ...extra,
});
