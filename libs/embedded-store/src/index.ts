/**
 * Heed's embedded store: an EventStoreDB-compatible gRPC server (single node) on durable SQLite
 * storage. See docs/embedded-store.md.
 */
export * from './storage';
