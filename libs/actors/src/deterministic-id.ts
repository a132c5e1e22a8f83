import { hash } from 'node:crypto';

/** Namespace of the ids Heed derives for the events its actors write. */
export const HEED_OUTPUT_NAMESPACE = '6f1c2b0e-4c7e-5a57-9a3e-8d0f1f6f2a11';

const bytesOf = (uuid: string): Buffer => Buffer.from(uuid.replace(/-/g, ''), 'hex');
/** The bytes of the namespaces asked for (a process uses one or two). */
const namespaces = new Map<string, Buffer>([[HEED_OUTPUT_NAMESPACE, bytesOf(HEED_OUTPUT_NAMESPACE)]]);

/**
 * A name-based (version 5, SHA-1) UUID as in RFC 9562: the same namespace and name always give
 * the same id. Outputs carry ids derived from their cause, so a retried append is deduplicated by
 * the store's idempotency on event ids; ingest derives the ids of producers' messages the same way.
 */
export function deterministicUuid(name: string, namespace: string = HEED_OUTPUT_NAMESPACE): string {
  let namespaceBytes = namespaces.get(namespace);
  if (namespaceBytes === undefined) namespaces.set(namespace, (namespaceBytes = bytesOf(namespace)));
  const digest = hash('sha1', Buffer.concat([namespaceBytes, Buffer.from(name, 'utf8')]), 'buffer');
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  return uuidText(digest);
}

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
const text = Buffer.alloc(36);

/**
 * The text of the UUID in the first 16 bytes, written as one flat string: joined from slices it
 * is a tree of strings that V8 flattens again the first time it is hashed or written, and ids are
 * made for every event.
 */
function uuidText(bytes: Uint8Array): string {
  let at = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) text[at++] = 0x2d; // '-'
    text[at++] = HEX_DIGITS[bytes[i]! >> 4]!;
    text[at++] = HEX_DIGITS[bytes[i]! & 15]!;
  }
  return text.toString('latin1', 0, 36);
}
