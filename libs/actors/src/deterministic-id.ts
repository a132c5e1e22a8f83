import { hash } from 'node:crypto';

/** Namespace of the ids Heed derives for the events its actors write. */
export const HEED_OUTPUT_NAMESPACE = '6f1c2b0e-4c7e-5a57-9a3e-8d0f1f6f2a11';

const bytesOf = (uuid: string): Buffer => Buffer.from(uuid.replace(/-/g, ''), 'hex');
const OUTPUT_NAMESPACE_BYTES = bytesOf(HEED_OUTPUT_NAMESPACE);

/**
 * A name-based (version 5, SHA-1) UUID as in RFC 9562: the same namespace and name always give
 * the same id. Outputs carry ids derived from their cause, so a retried append is deduplicated by
 * the store's idempotency on event ids.
 */
export function deterministicUuid(name: string, namespace: string = HEED_OUTPUT_NAMESPACE): string {
  const namespaceBytes = namespace === HEED_OUTPUT_NAMESPACE ? OUTPUT_NAMESPACE_BYTES : bytesOf(namespace);
  const digest = hash('sha1', Buffer.concat([namespaceBytes, Buffer.from(name, 'utf8')]), 'buffer');
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
