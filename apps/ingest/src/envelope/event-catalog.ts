import { createHash } from 'node:crypto';
import { catalogJsonSchema, findSignalBySegmentName, findSignalForCall, validateSignalProperties } from '@heed/domain';
import type { Problem } from '../errors/ingest-error';

/** A signal as ingest needs to know it. */
export interface CatalogSignal {
  readonly type: string;
  readonly segmentName: string;
  readonly currentVersion: number;
}

/** Properties checked against a signal's schema: cleaned, with the lenient ones missing; or what is wrong. */
export type CatalogValidation =
  | {
      readonly ok: true;
      readonly properties: Readonly<Record<string, unknown>>;
      /** Properties the catalog lets a producer leave out, left out (docs/events.md, "Leniency"). */
      readonly missing: readonly string[];
    }
  | { readonly ok: false; readonly errors: readonly Problem[] };

/**
 * The event catalog as ingest reads it. The domain's catalog is the one source of truth
 * (`domainCatalog`); the interface exists so that the service is built with its catalog passed in.
 */
export interface EventCatalog {
  /** A fingerprint of the catalog's schemas, stored with every event as `catalogVersion`. */
  readonly version: string;
  /** The signal a Segment event name maps to (`Signed In` → `SignedIn`). */
  bySegmentName(name: string): CatalogSignal | undefined;
  /** The signal a `page`, `screen` or `group` call is stored as (`PageViewed`, …). */
  forCall(call: 'page' | 'screen' | 'group'): CatalogSignal | undefined;
  validate(type: string, version: number, properties: unknown): CatalogValidation;
}

/** The domain's catalog (`@heed/domain`). */
export function domainCatalog(): EventCatalog {
  const version = createHash('sha256').update(JSON.stringify(catalogJsonSchema())).digest('hex').slice(0, 12);
  return {
    version,
    bySegmentName: (name) => findSignalBySegmentName(name),
    forCall: (call) => findSignalForCall(call),
    validate: (type, v, properties) => validateSignalProperties(type, v, properties),
  };
}
