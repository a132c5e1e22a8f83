/** Where and why an input is not acceptable. `path` is relative to the signal, e.g. `properties.amount`. */
export type ValidationIssue = Readonly<{ path: string; message: string }>;

const maxDepth = 8;
const maxKeys = 200;
const maxArrayLength = 1_000;
// Keys that would reach an object's prototype when assigned; they are never schema properties.
const poisonedKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** Describes a value for an error message: `"12.50"`, `12.5`, `an object`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 64 ? `${value.slice(0, 61)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `a ${typeof value}`;
}

/**
 * Copies an untrusted value into fresh plain JSON data: plain objects and arrays only, bounded in
 * depth and size, without prototype-reaching keys. Anything else is reported, never thrown.
 */
export function toPlainJson(
  value: unknown,
  path: string,
): { ok: true; value: unknown } | { ok: false; issue: ValidationIssue } {
  const issues: ValidationIssue[] = [];
  const copy = (v: unknown, at: string, depth: number): unknown => {
    if (issues.length > 0) return undefined;
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') {
      if (Number.isFinite(v)) return v;
      issues.push({ path: at, message: `expected a finite number, got ${describeValue(v)}` });
      return undefined;
    }
    if (typeof v !== 'object') {
      issues.push({ path: at, message: `expected JSON data, got ${describeValue(v)}` });
      return undefined;
    }
    if (depth >= maxDepth) {
      issues.push({ path: at, message: `expected at most ${maxDepth} levels of nesting, got more` });
      return undefined;
    }
    if (Array.isArray(v)) {
      if (v.length > maxArrayLength) {
        issues.push({ path: at, message: `expected at most ${maxArrayLength} items, got ${v.length}` });
        return undefined;
      }
      return v.map((item, i) => copy(item, `${at}[${i}]`, depth + 1));
    }
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      issues.push({ path: at, message: `expected a plain object, got ${describeValue(v)}` });
      return undefined;
    }
    const keys = Object.keys(v);
    if (keys.length > maxKeys) {
      issues.push({ path: at, message: `expected at most ${maxKeys} properties, got ${keys.length}` });
      return undefined;
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      if (poisonedKeys.has(key)) continue;
      out[key] = copy((v as Record<string, unknown>)[key], `${at}.${key}`, depth + 1);
    }
    return out;
  };
  const result = copy(value, path, 0);
  const first = issues[0];
  return first ? { ok: false, issue: first } : { ok: true, value: result };
}

/**
 * Whether {@link toPlainJson} would accept `value`, without copying it: the same rules (finite
 * numbers, plain objects and arrays, depth, size; prototype-reaching keys are skipped as it skips them).
 */
export function isPlainJson(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || depth >= maxDepth) return false;
  if (Array.isArray(value)) {
    if (value.length > maxArrayLength) return false;
    for (const item of value as unknown[]) if (!isPlainJson(item, depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  const keys = Object.keys(value);
  if (keys.length > maxKeys) return false;
  for (const key of keys) {
    if (!poisonedKeys.has(key) && !isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}
