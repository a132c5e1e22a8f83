import { EventStoreDBClient } from '@eventstore/db-client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { sampleOf } from '../../../test/support/metrics';
import { nextOfType } from '../../../test/support/next-event';
import { loadHeedConfig, startHeed, type RunningHeed } from '../src/start-heed';

describe('heed all-in-one: signal in over HTTP, lifecycle out in the store', () => {
  let heed: RunningHeed;
  let client: EventStoreDBClient;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'heed-e2e-'));
    heed = await startHeed(
      loadHeedConfig({ HEED_STORE_PORT: '0', HEED_INGEST_PORT: '0', HEED_ENGINE_PORT: '0', HEED_DATA_DIR: dataDir }),
      false,
    );
    client = EventStoreDBClient.connectionString(heed.storeUrl);
  }, 30_000);

  afterAll(async () => {
    await client?.dispose();
    await heed?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const track = (body: Record<string, unknown>) =>
    fetch(`${heed.ingestUrl}/v1/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${heed.generated.writeKey}` },
      body: JSON.stringify({ messageId: randomUUID(), ...body }),
    });

  const customer = (id: string, key: string | null | undefined = heed.generated.apiKey) =>
    fetch(`${heed.engineUrl}/v1/customers/${encodeURIComponent(id)}`, {
      headers: key == null ? {} : { authorization: `Bearer ${key}` },
    });

  it('serves health on every service and generates development keys', async () => {
    expect(heed.generated.writeKey).toMatch(/^heed_dev_/);
    expect(heed.generated.apiKey).toMatch(/^heed_api_dev_/);
    for (const url of [heed.ingestUrl, heed.engineUrl]) {
      expect((await fetch(`${url}/health`)).status).toBe(200);
    }
  });

  it('moves a customer from a tracked signal to its lifecycle stream and query API', async () => {
    const id = `c-${randomUUID()}`;
    const response = await track({
      userId: id,
      event: 'Product Added',
      timestamp: '2026-01-01T10:00:00Z',
      properties: { cart_id: 'cart-1', product_id: 'p-1', price: 1999, currency: 'EUR', quantity: 1 },
    });
    expect(response.status).toBe(200);

    const changed = await nextOfType(client, `lifecycle-${id}`, 'StateChanged');
    expect(changed.event?.metadata).toMatchObject({ causationStream: `customer-${id}`, causationRevision: '0' });

    const view = await customer(id);
    expect(view.status).toBe(200);
    const body = (await view.json()) as {
      customerId: string;
      summary: { state: unknown };
      recentTransitions: unknown[];
    };
    expect(body.customerId).toBe(id);
    expect(body.recentTransitions.length).toBeGreaterThan(0);
    expect(body.summary.state).toMatchObject({ engagement: 'active', cart: 'open' });
  });

  it('answers 404 for a customer Heed never saw and 401 without a key', async () => {
    expect((await customer(`never-${randomUUID()}`)).status).toBe(404);
    expect((await customer('anyone', null)).status).toBe(401);
    expect((await customer('anyone', 'wrong-key-0123456789')).status).toBe(401);
  });

  it('serves the metrics of every part, store to engine, from one registry on both HTTP ports', async () => {
    for (const url of [heed.ingestUrl, heed.engineUrl]) {
      const scrape = await (await fetch(`${url}/metrics`)).text();
      expect(sampleOf(scrape, 'heed_store_appends_total')).toBeGreaterThan(0);
      expect(sampleOf(scrape, 'heed_ingest_calls_total', { outcome: 'accepted', code: '' })).toBeGreaterThan(0);
      expect(sampleOf(scrape, 'heed_engine_inputs_folded_total')).toBeGreaterThan(0);
      expect(scrape).toContain('heed_store_live_followers');
      expect(scrape).toMatch(/heed_http_request_duration_seconds_count\{service="ingest"/);
    }
  });
});
