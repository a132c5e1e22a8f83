import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { ValidationError } from 'class-validator';
import { describeValue, toPlainJson } from './json-value';
import type { ValidationIssue } from './json-value';
import { readStoredProperties } from './read-stored-properties';
import { missingLenientProperties } from './schema/field.decorators';
import type { SchemaClass } from './signal-definition';
import { findSignalByType, signalCatalog } from './signal-catalog';

/**
 * The outcome of validating properties: the cleaned properties and the lenient properties they
 * lack (`missing`, in declaration order), or every issue found.
 */
export type PropertiesValidation =
  | Readonly<{ ok: true; properties: Readonly<Record<string, unknown>>; missing: readonly string[] }>
  | Readonly<{ ok: false; errors: readonly ValidationIssue[] }>;

/**
 * Validates a signal's `properties` against the schema of `type` at `version`.
 *
 * A required property must be there; a lenient one may be missing, and is then named in `missing`.
 * Unknown properties are dropped (a tracking plan may send more than Heed reads); the returned
 * properties are fresh plain JSON. Never throws, whatever the input: the ingest API hands it raw
 * request bodies.
 */
export function validateSignalProperties(type: string, version: number, properties: unknown): PropertiesValidation {
  try {
    const definition = findSignalByType(type);
    if (!definition) {
      return fail('type', `expected one of ${signalCatalog.map((d) => d.type).join(', ')}, got ${describeValue(type)}`);
    }
    const schema = Number.isInteger(version) ? definition.versions[version] : undefined;
    if (!schema) {
      const known = Object.keys(definition.versions).join(', ');
      return fail(
        'version',
        `expected a schema version of ${definition.type} (${known}), got ${describeValue(version)}`,
      );
    }
    return validateAgainst(schema, properties);
  } catch (error) {
    // A validator bug must not become a 500 with a stack trace for a hostile payload.
    return fail('properties', `could not be validated (${error instanceof Error ? error.message : 'unknown error'})`);
  }
}

/**
 * Validates plain data against one schema class. The schema's own checks come first
 * ({@link readStoredProperties}): where they vouch for the data, their copy is the one full
 * validation would give, without class-transformer and class-validator; anything they cannot vouch
 * for (whatever is invalid, and a few rare valid shapes) is validated in full, which also says what
 * is wrong.
 */
export function validateAgainst(schema: SchemaClass, properties: unknown, root = 'properties'): PropertiesValidation {
  const read = readStoredProperties(schema, properties);
  if (read !== undefined) return { ok: true, properties: read, missing: missingLenientProperties(schema, read) };
  return validateInFull(schema, properties, root);
}

/**
 * Validates plain data against one schema class with class-transformer and class-validator: the
 * contract {@link validateAgainst} must give the same result as (held by the catalog's specs).
 */
export function validateInFull(schema: SchemaClass, properties: unknown, root = 'properties'): PropertiesValidation {
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    return fail(root, `expected an object, got ${describeValue(properties)}`);
  }
  const plain = toPlainJson(properties, root);
  if (!plain.ok) return { ok: false, errors: [plain.issue] };
  const instance = plainToInstance(schema, plain.value as object, { enableImplicitConversion: false });
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) return { ok: false, errors: flatten(errors, root) };
  const cleaned = JSON.parse(JSON.stringify(instance)) as Record<string, unknown>;
  const missing = missingLenientProperties(schema, cleaned);
  // A lenient property sent as null is missing: the stored signal holds no null in its place.
  for (const name of missing) delete cleaned[name];
  return { ok: true, properties: cleaned, missing };
}

function flatten(errors: readonly ValidationError[], parent: string): ValidationIssue[] {
  return errors.flatMap((e) => {
    const path = /^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`;
    const own = Object.values(e.constraints ?? {}).map((expected) => ({
      path,
      message: `${expected}, got ${describeValue(e.value)}`,
    }));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

function fail(path: string, message: string): PropertiesValidation {
  return { ok: false, errors: [{ path, message }] };
}
