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

/**
 * The payload hash of a call of type `type`: `payloadHash({ call: type, ...call })` without
 * `omitted`, without building that object (this runs for every event).
 */
export function callPayloadHash(type: string, call: object, omitted: string): string {
  const keys: string[] = [];
  // `call` is a member of the payload unless the call has one of its own, which wins in a spread.
  let own = false;
  for (const key of Object.keys(call)) {
    if (key === omitted) continue;
    if (key === 'call') own = true;
    keys.push(key);
  }
  if (!own) keys.push('call');
  sortKeys(keys);
  let out = '{';
  for (const key of keys) {
    const member = key === 'call' && !own ? type : (call as Record<string, unknown>)[key];
    if (member === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return hash('sha256', `${out}}`, 'base64url');
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
    const keys = sortKeys(Object.keys(value));
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

/**
 * Sorts keys in place as `Array.prototype.sort()` does (by UTF-16 code units): by insertion for
 * the few keys of an event's objects, which spares the copies the built-in sort makes.
 */
function sortKeys(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}
