import { EventStoreDBClient } from '@eventstore/db-client';
import type { StoreConfig } from './store.config';

/** Opens a client on the configured store. The client connects lazily, on its first call. */
export function connectStore(config: Pick<StoreConfig, 'url'>): EventStoreDBClient {
  return EventStoreDBClient.connectionString(config.url);
}
