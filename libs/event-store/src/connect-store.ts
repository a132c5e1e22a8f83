import { EventStoreDBClient } from '@eventstore/db-client';
import type { StoreConfig } from './store.config';
import { withDecodedReads } from './transport/decoded-reads';
import { withEncodedAppends } from './transport/encoded-appends';
import { withSettledReads } from './transport/settled-reads';

/**
 * Opens a client on the configured store, its stream reads and catch-up subscriptions decoded by
 * Heed (ADR 0082) and its appends' requests written by Heed (ADR 0083), its reads dropping an error
 * that comes after their reader is done (`withSettledReads`). The client connects lazily, on its
 * first call.
 */
export function connectStore(config: Pick<StoreConfig, 'url'>): EventStoreDBClient {
  return withEncodedAppends(withSettledReads(withDecodedReads(EventStoreDBClient.connectionString(config.url))));
}
