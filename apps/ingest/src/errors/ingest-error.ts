/** One thing wrong with a request: where (a JSON path such as `batch[3].properties.plan`) and what was expected. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

/**
 * Why ingest refuses a request or an event. Each code is stable (producers and dashboards key on
 * it); the exception filter maps codes to HTTP statuses, so nothing below the controller knows HTTP.
 */
export type IngestErrorCode =
  | 'INVALID_JSON'
  | 'INVALID_EVENT'
  | 'UNKNOWN_EVENT_TYPE'
  | 'UNSUPPORTED_CALL_TYPE'
  | 'TIMESTAMP_IN_FUTURE'
  | 'MISSING_WRITE_KEY'
  | 'INVALID_WRITE_KEY'
  | 'REQUEST_TOO_LARGE'
  | 'EVENT_TOO_LARGE'
  | 'BATCH_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'MESSAGE_ID_CONFLICT'
  | 'BATCH_REJECTED'
  | 'OVERLOADED'
  | 'STORE_UNAVAILABLE'
  | 'NOT_FOUND';

/** Base of every error ingest reports to a producer. */
export class IngestError extends Error {
  constructor(
    readonly code: IngestErrorCode,
    message: string,
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
    this.name = 'IngestError';
  }

  /** An error about one place in the request: `path: message`. */
  static at(code: IngestErrorCode, path: string, message: string): IngestError {
    return new IngestError(code, `${path}: ${message}`, [{ path, message }]);
  }
}

/** The service cannot take the request now; the producer should retry after `retryAfterSeconds`. */
export class RetryLaterError extends IngestError {
  constructor(
    code: 'OVERLOADED' | 'STORE_UNAVAILABLE',
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, message);
    this.name = 'RetryLaterError';
  }
}
