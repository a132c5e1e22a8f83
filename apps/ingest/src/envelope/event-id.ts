import { hash } from 'node:crypto';

/** The UUID namespace of Heed's ingested events (a fixed random v4, never to change). */
const INGEST_NAMESPACE = Buffer.from('3f0b6c2e9a8d4c1fb7e25d40a1c9e871', 'hex');

/**
 * The store event id of a producer's message: a name-based UUID (RFC 9562 v5, SHA-1) of the source
 * id and the `messageId`. A retried request yields the same id — under any key of the source — so
 * EventStoreDB's idempotent append writes nothing the second time; two sources never collide.
 * A key configured without a source name is its own source, whose id is the key's id
 * (docs/adr/0060-dedupe-per-source-across-key-rotation.md).
 */
export function eventIdOf(sourceId: string, messageId: string): string {
  // One-shot `hash` over the namespace and the name: the same digest as a `Hash` object fed both.
  const name = Buffer.from(`${sourceId.length}:${sourceId}${messageId}`, 'utf8');
  const digest = hash('sha1', Buffer.concat([INGEST_NAMESPACE, name]), 'buffer');
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
