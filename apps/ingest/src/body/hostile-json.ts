import { IngestError } from '../errors/ingest-error';

/** Keys that rebuild prototypes when a body is merged into an object somewhere downstream. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** NUL, or a UTF-16 surrogate that is not part of a pair (JSON `\ud800` escapes produce those). */
const BAD_CHARACTER = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Checks a parsed JSON body for what downstream code and the store must never see: nesting deeper
 * than `maxDepth`, prototype keys, and strings (values or keys) holding NUL or lone surrogates.
 * Walks iteratively, so a hostile depth cannot overflow the stack.
 *
 * @throws IngestError `INVALID_JSON` at the first offending JSON path.
 */
export function assertSafeJson(value: unknown, maxDepth: number): void {
  // Most bodies are clean: check without building a path for every value, and walk again with
  // paths only to name the first offender.
  if (!isSafeJson(value, maxDepth)) throwAtFirstOffender(value, maxDepth);
}

/** The checks of `assertSafeJson`, yes or no. */
function isSafeJson(value: unknown, maxDepth: number): boolean {
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length > 0) {
    const current = values.pop();
    const depth = depths.pop()! + 1;
    if (typeof current === 'string') {
      if (BAD_CHARACTER.test(current)) return false;
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth > maxDepth) return false;
    if (Array.isArray(current)) {
      for (const member of current as unknown[]) {
        values.push(member);
        depths.push(depth);
      }
      continue;
    }
    for (const key of Object.keys(current)) {
      if (FORBIDDEN_KEYS.has(key) || BAD_CHARACTER.test(key)) return false;
      values.push((current as Record<string, unknown>)[key]);
      depths.push(depth);
    }
  }
  return true;
}

function throwAtFirstOffender(value: unknown, maxDepth: number): void {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: 'body', depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const current = item.value;
    if (typeof current === 'string') {
      if (BAD_CHARACTER.test(current)) {
        throw IngestError.at('INVALID_JSON', item.path, 'expected text without NUL characters or lone surrogates');
      }
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    const depth = item.depth + 1;
    if (depth > maxDepth) {
      throw IngestError.at('INVALID_JSON', item.path, `expected JSON nested at most ${maxDepth} levels deep`);
    }
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) {
        stack.push({ value: current[i], path: `${item.path}[${i}]`, depth });
      }
      continue;
    }
    const keys = Object.keys(current);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const path = `${item.path}.${key}`;
      if (FORBIDDEN_KEYS.has(key)) {
        throw IngestError.at('INVALID_JSON', path, 'expected no "__proto__", "constructor" or "prototype" keys');
      }
      if (BAD_CHARACTER.test(key)) {
        throw IngestError.at('INVALID_JSON', item.path, 'expected keys without NUL characters or lone surrogates');
      }
      stack.push({ value: (current as Record<string, unknown>)[key], path, depth });
    }
  }
}
