/**
 * Heed's embedded store: an EventStoreDB-compatible gRPC server (single node) on durable SQLite
 * storage. See docs/embedded-store.md.
 */
export * from './storage';
export type { AdvertisedMethod } from './server/store-server';
export { StoreServer } from './server/store-server';
export { createStoreServer, startEmbeddedStore } from './start-embedded-store';
export type { EmbeddedStoreOptions, RunningEmbeddedStore } from './start-embedded-store';
export type { PersistentGroupSummary } from './persistent';
export { exposureWarning } from './exposure-warning';
