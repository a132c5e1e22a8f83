import { createHash } from 'node:crypto';

/**
 * A fingerprint of what a producer said about an event, to tell a retry (same message, same
 * content) from a conflicting reuse of a `messageId`. Keys are sorted so that a re-serialised
 * retry hashes the same; the fields a retry legitimately changes (`sentAt`, the write key in the
 * body) are left out by the caller.
 */
export function payloadHash(payload: unknown): string {
  return createHash('sha256').update(canonicalJson(payload)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
