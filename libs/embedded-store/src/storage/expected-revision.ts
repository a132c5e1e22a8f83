/**
 * The optimistic-concurrency condition of a write, as in EventStoreDB: `any` (no check),
 * `no_stream` (the stream has no events, or was soft-deleted), `stream_exists` (it has events and is
 * not soft-deleted), or the exact revision of the stream's last event.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;
