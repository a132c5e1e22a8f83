import { deterministicUuid } from '@heed/actors';

/** The UUID namespace of Heed's ingested events (a fixed random v4, never to change). */
const INGEST_NAMESPACE = '3f0b6c2e-9a8d-4c1f-b7e2-5d40a1c9e871';

/**
 * The store event id of a producer's message: a name-based UUID (RFC 9562 v5, SHA-1) of the source
 * id and the `messageId`. A retried request yields the same id — under any key of the source — so
 * EventStoreDB's idempotent append writes nothing the second time; two sources never collide.
 * A key configured without a source name is its own source, whose id is the key's id
 * (docs/adr/0060-dedupe-per-source-across-key-rotation.md).
 */
export function eventIdOf(sourceId: string, messageId: string): string {
  return deterministicUuid(`${sourceId.length}:${sourceId}${messageId}`, INGEST_NAMESPACE);
}
