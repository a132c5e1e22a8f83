import type { EventStoreDBClient } from '@eventstore/db-client';
import type { Registry } from 'prom-client';
import type { EventCatalog } from './envelope/event-catalog';
import type { IngestConfig } from './ingest.config';

/** Everything the ingest module is built from: its configuration and its dependencies. */
export interface IngestOptions {
  readonly config: IngestConfig;
  /** The store client; the caller owns it (and closes it). */
  readonly client: EventStoreDBClient;
  /** The event catalog; defaults to the domain's. */
  readonly catalog?: EventCatalog;
  /** The service clock in ms since the epoch; defaults to `Date.now`. */
  readonly clock?: () => number;
  /** The process's metrics registry (shared in the all-in-one process); a new one by default. */
  readonly metrics?: Registry;
}

export const INGEST_OPTIONS = Symbol('INGEST_OPTIONS');
