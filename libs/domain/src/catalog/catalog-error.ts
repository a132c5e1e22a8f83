/** Stable codes of {@link CatalogError}. */
export type CatalogErrorCode = 'UNKNOWN_EVENT_TYPE' | 'UNSUPPORTED_SCHEMA_VERSION' | 'INVALID_SIGNAL';

/** A stored or incoming event that the catalog cannot turn into a current-version signal. */
export class CatalogError extends Error {
  constructor(
    readonly code: CatalogErrorCode,
    message: string,
    readonly errors: ReadonlyArray<{ path: string; message: string }> = [],
  ) {
    super(message);
    this.name = 'CatalogError';
  }
}
