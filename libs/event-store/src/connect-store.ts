import { EventStoreDBClient } from '@eventstore/db-client';
import type { StoreConfig } from './store.config';
import { withDecodedReads } from './transport/decoded-reads';

/**
 * Opens a client on the configured store, its stream reads decoded by Heed (ADR 0082). The client
 * connects lazily, on its first call.
 */
export function connectStore(config: Pick<StoreConfig, 'url'>): EventStoreDBClient {
  return withDecodedReads(EventStoreDBClient.connectionString(config.url));
}
