import type { PersistentGroupSummary, RunningEmbeddedStore, StorageStatistics } from '@heed/embedded-store';
import { metricOf } from '@heed/service';
import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * Registers the embedded store's metrics (docs/operations.md) in `registry`: its counts and its
 * persistent subscription groups are read at each scrape, so the store's own path gains only
 * integer increments.
 */
export function registerStoreMetrics(
  registry: Registry,
  store: Pick<RunningEmbeddedStore, 'storage' | 'persistentGroups'>,
): void {
  const { storage } = store;
  const read = (pick: (s: StorageStatistics) => number) => () => pick(storage.statistics());
  const counter = (name: string, help: string, value: () => number) =>
    metricOf(
      registry,
      name,
      () =>
        new Counter({
          name,
          help,
          registers: [registry],
          collect() {
            this.reset();
            this.inc(value());
          },
        }),
    );
  const gauge = (name: string, help: string, value: () => number) =>
    metricOf(
      registry,
      name,
      () =>
        new Gauge({
          name,
          help,
          registers: [registry],
          collect() {
            this.set(value());
          },
        }),
    );
  counter(
    'heed_store_appends_total',
    'Append calls the store received (idempotent repeats and refused appends included)',
    read((s) => s.appends),
  );
  counter(
    'heed_store_appended_events_total',
    'Events in those append calls',
    read((s) => s.appendedEvents),
  );
  metricOf(
    registry,
    'heed_store_reads_total',
    () =>
      new Counter({
        name: 'heed_store_reads_total',
        help: 'Reads the store served, by kind: one stream, or a page of $all (subscriptions read too)',
        labelNames: ['kind'] as const,
        registers: [registry],
        collect() {
          const s = storage.statistics();
          this.reset();
          this.inc({ kind: 'stream' }, s.streamReads);
          this.inc({ kind: 'all' }, s.allReads);
        },
      }),
  );
  gauge(
    'heed_store_live_followers',
    'Subscription clients following new commits live: catch-up subscriptions and persistent subscription groups',
    read((s) => s.liveFollowers),
  );
  gauge(
    'heed_store_head_position',
    'Position of the last committed record in $all',
    read((s) => s.headPosition),
  );
  const groupGauge = (name: string, help: string, value: (g: PersistentGroupSummary) => number | undefined) =>
    metricOf(
      registry,
      name,
      () =>
        new Gauge({
          name,
          help,
          labelNames: ['stream', 'group'] as const,
          registers: [registry],
          collect() {
            // Rebuilt at each scrape: a deleted group disappears.
            this.reset();
            for (const g of store.persistentGroups()) {
              const v = value(g);
              if (v !== undefined) this.set({ stream: g.stream, group: g.group }, v);
            }
          },
        }),
    );
  groupGauge(
    'heed_store_persistent_subscription_consumers',
    'Clients connected to a persistent subscription group',
    (g) => g.consumers,
  );
  groupGauge(
    'heed_store_persistent_subscription_in_flight',
    'Messages a group sent to its clients and not acknowledged yet',
    (g) => g.inFlight,
  );
  groupGauge('heed_store_persistent_subscription_parked', 'Messages a group has parked', (g) => g.parked);
  groupGauge(
    'heed_store_persistent_subscription_lag_events',
    "Events of a group's source stream after its last checkpoint (stream sources only)",
    (g) => g.lagEvents,
  );
}
