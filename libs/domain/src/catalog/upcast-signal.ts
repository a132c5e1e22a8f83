import { CatalogError } from './catalog-error';
import { describeValue } from './json-value';
import type { CustomerSignal } from './signal-catalog';
import { findSignalByType } from './signal-catalog';
import { isIsoInstant } from './schema/field.decorators';
import { validateAgainst } from './validate-signal-properties';
import { readStoredProperties } from './read-stored-properties';
import type { SchemaClass } from './signal-definition';
import { canonicalInstantMillis } from '../time/parse-instant';

/**
 * The body of a stored signal event: everything but its `type` (and, optionally, its `version`,
 * which is given separately because the store may keep it in metadata).
 */
export type StoredSignalData = Readonly<{
  customerId: unknown;
  occurredAt: unknown;
  properties: unknown;
  version?: unknown;
}>;

/**
 * Loads a stored signal of any schema version as the current-version {@link CustomerSignal}:
 * applies the upcasters `version → version + 1 → …` and validates the result.
 *
 * A signal stored at the current version with its time in the `toISOString` form (what ingest
 * writes) is read with the schema's own checks only ({@link readStoredProperties}); anything else,
 * and anything those checks do not vouch for, goes through full validation. The result is the same
 * either way.
 *
 * @throws CatalogError `UNKNOWN_EVENT_TYPE` for a type the catalog does not know,
 *   `UNSUPPORTED_SCHEMA_VERSION` for a version it never had, `INVALID_SIGNAL` when the data does not
 *   satisfy the schema.
 */
export function upcastSignal(type: string, version: number, data: StoredSignalData): CustomerSignal {
  const definition = findSignalByType(type);
  if (!definition) throw new CatalogError('UNKNOWN_EVENT_TYPE', `Unknown signal type ${describeValue(type)}`);
  if (!Number.isInteger(version) || !definition.versions[version]) {
    throw new CatalogError(
      'UNSUPPORTED_SCHEMA_VERSION',
      `${type} has no schema version ${describeValue(version)} (known: ${Object.keys(definition.versions).join(', ')})`,
    );
  }
  const envelope = typeof data === 'object' && data !== null ? data : ({} as StoredSignalData);
  if (version === definition.currentVersion) {
    const read = readStoredSignal(type, version, definition.versions[version], envelope);
    if (read) return read;
  }
  const problems: Array<{ path: string; message: string }> = [];
  if (typeof envelope.customerId !== 'string' || envelope.customerId.length === 0) {
    problems.push({ path: 'customerId', message: `expected a customer id, got ${describeValue(envelope.customerId)}` });
  }
  if (!isIsoInstant(envelope.occurredAt)) {
    problems.push({
      path: 'occurredAt',
      message: `expected an ISO-8601 date-time with offset, got ${describeValue(envelope.occurredAt)}`,
    });
  }
  const stored = validateAgainst(definition.versions[version], envelope.properties);
  if (!stored.ok) problems.push(...stored.errors);
  if (problems.length > 0 || !stored.ok) throw invalid(type, version, problems);

  let properties: Record<string, unknown> = { ...stored.properties };
  for (let v = version; v < definition.currentVersion; v++) {
    const upcaster = definition.upcasters[v];
    if (!upcaster) {
      throw new CatalogError('UNSUPPORTED_SCHEMA_VERSION', `${type} has no upcaster from version ${v} to ${v + 1}`);
    }
    properties = upcaster(properties);
  }
  const current = validateAgainst(definition.versions[definition.currentVersion]!, properties);
  if (!current.ok) throw invalid(type, definition.currentVersion, current.errors);
  return {
    type,
    customerId: envelope.customerId as string,
    occurredAt: new Date(Date.parse(envelope.occurredAt as string)).toISOString(),
    version: definition.currentVersion,
    properties: current.properties,
  } as CustomerSignal;
}

function readStoredSignal(
  type: string,
  version: number,
  schema: SchemaClass,
  envelope: StoredSignalData,
): CustomerSignal | undefined {
  const { customerId, occurredAt } = envelope;
  if (typeof customerId !== 'string' || customerId.length === 0) return undefined;
  // Only the 24-character form: it is already what full validation would normalise the time to.
  if (typeof occurredAt !== 'string' || occurredAt.length !== 24 || canonicalInstantMillis(occurredAt) === undefined) {
    return undefined;
  }
  const properties = readStoredProperties(schema, envelope.properties);
  if (properties === undefined) return undefined;
  return { type, customerId, occurredAt, version, properties } as CustomerSignal;
}

function invalid(
  type: string,
  version: number,
  errors: ReadonlyArray<{ path: string; message: string }>,
): CatalogError {
  return new CatalogError(
    'INVALID_SIGNAL',
    `${type} v${version} is invalid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    errors,
  );
}
