import { isPlainJson } from './json-value';
import { fieldChecksOf } from './schema/field.decorators';
import type { FieldCheck } from './schema/field.decorators';
import type { SchemaClass } from './signal-definition';

/**
 * The cheap way to read a signal's `properties` against a schema (a stored signal's at its current
 * version, or one arriving at ingest, through `validateAgainst`): the checks of the schema's own
 * decorators run directly, without class-transformer and class-validator, and the result is the
 * copy full validation would give (declared properties only, in the same order).
 *
 * Returns `undefined` whenever it cannot vouch for that equality (anything invalid, and a few rare
 * valid shapes such as `null` for an optional property): the caller then validates in full, which
 * also explains what is wrong.
 */
export function readStoredProperties(schema: SchemaClass, properties: unknown): Record<string, unknown> | undefined {
  if (!isPlainObject(properties) || !isPlainJson(properties)) return undefined;
  return readObject(readerOf(schema), properties);
}

type Reader = Readonly<{
  checks: readonly FieldCheck[];
  byName: ReadonlyMap<string, FieldCheck>;
  order: readonly string[];
}>;

const readers = new WeakMap<SchemaClass, Reader>();

function readerOf(schema: SchemaClass): Reader {
  let reader = readers.get(schema);
  if (!reader) {
    const checks = fieldChecksOf(schema);
    const byName = new Map(checks.map((c) => [c.name, c]));
    // Validation fills a fresh instance and serialises it: the instance's own fields (class fields
    // defined at construction, if the compiler defines them) come first, then the data's keys.
    const order = Object.keys(new schema()).filter((name) => byName.has(name));
    reader = { checks, byName, order };
    readers.set(schema, reader);
  }
  return reader;
}

function readObject(reader: Reader, data: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined {
  for (const check of reader.checks) {
    const value = data[check.name];
    if (value === undefined) {
      if (check.required) return undefined;
      continue;
    }
    if (value === null || !check.test(value)) return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const name of reader.order) {
    if (data[name] !== undefined && !copyInto(out, name, reader.byName.get(name)!, data[name])) return undefined;
  }
  for (const name of Object.keys(data)) {
    const check = reader.byName.get(name);
    if (check && !(name in out) && !copyInto(out, name, check, data[name])) return undefined;
  }
  return out;
}

function copyInto(out: Record<string, unknown>, name: string, check: FieldCheck, value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'boolean') {
    out[name] = value;
    return true;
  }
  if (typeof value === 'number') {
    // JSON has no negative zero: full validation's copy turns it into 0.
    out[name] = value === 0 ? 0 : value;
    return true;
  }
  if (!Array.isArray(value)) return false;
  if (check.item === undefined) {
    if (!value.every((v) => typeof v === 'string')) return false;
    out[name] = value.slice();
    return true;
  }
  const item = readerOf(check.item);
  const items: Record<string, unknown>[] = [];
  for (const element of value as unknown[]) {
    if (!isPlainObject(element)) return false;
    const copy = readObject(item, element);
    if (copy === undefined) return false;
    items.push(copy);
  }
  out[name] = items;
  return true;
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
