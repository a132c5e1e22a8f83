import { EventStoreDBClient } from '@eventstore/db-client';
import type { StoreConfig } from './store.config';
import { withDecodedReads } from './transport/decoded-reads';
import { withEncodedAppends } from './transport/encoded-appends';

/**
 * Opens a client on the configured store, its stream reads and catch-up subscriptions decoded by
 * Heed (ADR 0082) and its appends' requests written by Heed (ADR 0083). The client connects
 * lazily, on its first call.
 */
export function connectStore(config: Pick<StoreConfig, 'url'>): EventStoreDBClient {
  return withEncodedAppends(withDecodedReads(EventStoreDBClient.connectionString(config.url)));
}
