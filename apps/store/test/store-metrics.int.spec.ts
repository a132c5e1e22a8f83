import {
  EventStoreDBClient,
  jsonEvent,
  persistentSubscriptionToStreamSettingsFromDefaults,
  START,
} from '@eventstore/db-client';
import { startEmbeddedStore } from '@heed/embedded-store';
import { createMetricsRegistry, serveMetricsPort } from '@heed/service';
import { randomUUID } from 'node:crypto';
import { sampleOf } from '../../../test/support/metrics';
import { registerStoreMetrics } from '../src/store-metrics';

describe('the store’s metrics', () => {
  it('count appends, events and reads, and the live subscription clients, on a port of their own', async () => {
    const store = await startEmbeddedStore({ port: 0 });
    const client = EventStoreDBClient.connectionString(store.connectionString);
    const registry = createMetricsRegistry();
    registerStoreMetrics(registry, store);
    const served = await serveMetricsPort(registry, '127.0.0.1', 0);
    const scrape = async () => (await fetch(`${served.url}/metrics`)).text();
    try {
      const before = await scrape();
      const stream = `metrics-${randomUUID()}`;
      await client.appendToStream(stream, [jsonEvent({ type: 'A', data: {} }), jsonEvent({ type: 'B', data: {} })]);
      for await (const _ of client.readStream(stream)) {
        // read to the end
      }
      const subscription = client.subscribeToAll();
      await new Promise<void>((resolve) => subscription.once('confirmation', () => resolve()));
      const after = await scrape();
      const delta = (name: string, labels: Record<string, string> = {}) =>
        sampleOf(after, name, labels) - sampleOf(before, name, labels);
      expect(delta('heed_store_appends_total')).toBe(1);
      expect(delta('heed_store_appended_events_total')).toBe(2);
      expect(delta('heed_store_reads_total', { kind: 'stream' })).toBeGreaterThanOrEqual(1);
      expect(delta('heed_store_live_followers')).toBe(1);
      expect(delta('heed_store_head_position')).toBeGreaterThan(0);
      await subscription.unsubscribe();
    } finally {
      await served.stop();
      await client.dispose();
      await store.stop();
    }
  });

  it('show each persistent subscription group: its clients and the events after its checkpoint', async () => {
    const store = await startEmbeddedStore({ port: 0 });
    const client = EventStoreDBClient.connectionString(store.connectionString);
    const registry = createMetricsRegistry();
    registerStoreMetrics(registry, store);
    try {
      const stream = `group-${randomUUID()}`;
      await client.appendToStream(
        stream,
        [1, 2, 3].map((n) => jsonEvent({ type: 'N', data: { n } })),
      );
      await client.createPersistentSubscriptionToStream(
        stream,
        'g',
        persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START }),
      );
      const labels = { stream, group: 'g' };
      const idle = await registry.metrics();
      expect(sampleOf(idle, 'heed_store_persistent_subscription_lag_events', labels)).toBe(3);
      expect(sampleOf(idle, 'heed_store_persistent_subscription_consumers', labels)).toBe(0);

      const subscription = client.subscribeToPersistentSubscriptionToStream(stream, 'g');
      await new Promise<void>((resolve) => subscription.once('confirmation', () => resolve()));
      expect(sampleOf(await registry.metrics(), 'heed_store_persistent_subscription_consumers', labels)).toBe(1);
      await subscription.unsubscribe();
    } finally {
      await client.dispose();
      await store.stop();
    }
  });
});
