import { hash } from 'node:crypto';

/**
 * A fingerprint of what a producer said about an event, to tell a retry (same message, same
 * content) from a conflicting reuse of a `messageId`. Keys are sorted so that a re-serialised
 * retry hashes the same; the fields a retry legitimately changes (`sentAt`, the write key in the
 * body) are left out by the caller.
 */
export function payloadHash(payload: unknown): string {
  return hash('sha256', canonicalJson(payload), 'base64url');
}

/** JSON with object keys sorted and undefined members left out; built in one string, without intermediate arrays. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      // A hole (never in parsed JSON) is written as nothing, as `Array.prototype.join` writes it.
      if (i in value) out += canonicalJson(value[i]);
    }
    return `${out}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort();
    let out = '{';
    for (const key of keys) {
      const member = (value as Record<string, unknown>)[key];
      if (member === undefined) continue;
      if (out.length > 1) out += ',';
      out += `${JSON.stringify(key)}:${canonicalJson(member)}`;
    }
    return `${out}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
