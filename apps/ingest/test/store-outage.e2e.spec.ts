import { EventStoreDBClient } from '@eventstore/db-client';
import { loadConfig } from '@heed/config';
import { startEmbeddedStore, type RunningEmbeddedStore } from '@heed/embedded-store';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIngestApp } from '../src/create-ingest-app';
import { IngestConfig } from '../src/ingest.config';
import { newCustomer, post, readAll, signedIn, WRITE_KEY, type IngestUnderTest } from './ingest-harness';

describe('ingest while the store goes down and comes back', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'heed-ingest-outage-'));
  let store: RunningEmbeddedStore;
  let client: EventStoreDBClient;
  let app: NestFastifyApplication;
  let ingest: IngestUnderTest;

  beforeAll(async () => {
    store = await startEmbeddedStore({ port: 0, dataDir });
    client = EventStoreDBClient.connectionString(store.connectionString);
    const config = loadConfig(IngestConfig, { HEED_WRITE_KEYS: WRITE_KEY, HEED_INGEST_STORE_TIMEOUT_MS: '1000' });
    app = await createIngestApp({ config, client }, false);
    await app.listen(0, '127.0.0.1');
    ingest = { url: await app.getUrl(), client, store, app, stop: async () => undefined };
  });
  afterAll(async () => {
    await app.close();
    await client.dispose();
    await store.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After while the store is down, then stores again once it is back', async () => {
    const customer = newCustomer();
    const before = signedIn(customer);
    expect((await post(ingest, '/v1/track', before)).status).toBe(200);

    await store.stop();
    const during = signedIn(customer);
    const refused = await post(ingest, '/v1/track', during);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body).toMatchObject({ success: false, code: 'STORE_UNAVAILABLE' });
    const refusedBatch = await post(ingest, '/v1/batch', { batch: [{ type: 'track', ...signedIn(customer) }] });
    expect(refusedBatch.status).toBe(503);

    store = await startEmbeddedStore({ port: store.port, dataDir });
    // The producer retries after Retry-After; the client reconnects on its own.
    let retried = await post(ingest, '/v1/track', during);
    for (let attempt = 0; retried.status === 503 && attempt < 20; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      retried = await post(ingest, '/v1/track', during);
    }
    expect(retried.status).toBe(200);
    expect(retried.body['status']).toBe('accepted');
    expect((await post(ingest, '/v1/track', before)).body['status']).toBe('duplicate');

    const stored = await readAll(client, `customer-${customer}`);
    expect(stored.map((e) => e.metadata['messageId'])).toEqual([before.messageId, during.messageId]);
  });
});
