/**
 * Why a population query is refused. Stable: clients key on the code (the customer queries use the
 * same codes for a bad parameter and a bad cursor).
 */
export type PopulationErrorCode = 'INVALID_PARAMETER' | 'INVALID_CURSOR' | 'UNKNOWN_STATE';

/** A population query the read model cannot answer; mapped to HTTP by `PopulationErrorFilter`. */
export class PopulationQueryError extends Error {
  constructor(
    readonly code: PopulationErrorCode,
    /** The parameter at fault (`window`, `days`, `limit`, `cursor`, `stateId`). */
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'PopulationQueryError';
  }
}

/** Another process (or engine) holds the read model's file: each replica needs a file of its own. */
export class ReadModelInUseError extends Error {
  readonly code = 'READ_MODEL_IN_USE';

  constructor(readonly path: string) {
    super(
      `HEED_ENGINE_READ_MODEL: ${path} is locked by another engine; expected a file per engine replica (or :memory:)`,
    );
    this.name = 'ReadModelInUseError';
  }
}

/** The read model's file cannot be created or opened (a directory the engine may not write, …). */
export class ReadModelUnavailableError extends Error {
  readonly code = 'READ_MODEL_UNAVAILABLE';

  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`HEED_ENGINE_READ_MODEL: cannot open ${path} (${reason}); expected a file the engine may write, or :memory:`);
    this.name = 'ReadModelUnavailableError';
  }
}
