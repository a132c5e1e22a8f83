import { IngestError, RetryLaterError, type IngestErrorCode, type Problem } from './ingest-error';

/** The HTTP status of each error code: the one place where ingest's errors meet HTTP. */
export const STATUS_OF: Readonly<Record<IngestErrorCode, number>> = {
  INVALID_JSON: 400,
  INVALID_EVENT: 400,
  UNKNOWN_EVENT_TYPE: 400,
  UNSUPPORTED_CALL_TYPE: 400,
  TIMESTAMP_IN_FUTURE: 400,
  BATCH_REJECTED: 400,
  MISSING_WRITE_KEY: 401,
  INVALID_WRITE_KEY: 401,
  NOT_FOUND: 404,
  MESSAGE_ID_CONFLICT: 409,
  REQUEST_TOO_LARGE: 413,
  EVENT_TOO_LARGE: 413,
  BATCH_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  OVERLOADED: 429,
  STORE_UNAVAILABLE: 503,
};

/** The body of every error answer. */
export interface ErrorBody {
  readonly success: false;
  readonly code: string;
  readonly message: string;
  readonly problems: readonly Problem[];
  readonly results?: unknown;
}

/** An error answer: status, headers and body. */
export interface ErrorResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: ErrorBody;
}

/** What Fastify itself reports (body too large, bad content type, bad JSON before our parser). */
interface FrameworkError {
  statusCode?: number;
  code?: string;
}

/**
 * Turns any error into the answer a producer gets. Ingest errors keep their code; errors raised by
 * the HTTP framework before a handler runs are mapped to the nearest code; anything else is a 500
 * that says nothing about internals.
 */
export function errorResponse(error: unknown): ErrorResponse {
  if (error instanceof IngestError) {
    const headers: Record<string, string> =
      error instanceof RetryLaterError ? { 'retry-after': String(error.retryAfterSeconds) } : {};
    const body: ErrorBody = { success: false, code: error.code, message: error.message, problems: error.problems };
    return { status: STATUS_OF[error.code], headers, body: withResults(body, error) };
  }
  const framework = (typeof error === 'object' && error !== null ? error : {}) as FrameworkError;
  const mapped = frameworkCode(framework);
  if (mapped !== undefined) {
    const message = mappedMessage(mapped);
    return { status: STATUS_OF[mapped], headers: {}, body: { success: false, code: mapped, message, problems: [] } };
  }
  return {
    status: 500,
    headers: {},
    body: {
      success: false,
      code: 'INTERNAL_ERROR',
      message: 'internal error; the request was not stored',
      problems: [],
    },
  };
}

function withResults(body: ErrorBody, error: IngestError): ErrorBody {
  const results = (error as { results?: unknown }).results;
  return results === undefined ? body : { ...body, results };
}

/** Fastify's own error codes (raised before a handler runs) and the ingest codes they become. */
const FRAMEWORK_CODES: Readonly<Record<string, IngestErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'REQUEST_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
};

const MAPPED_MESSAGES: Partial<Record<IngestErrorCode, string>> = {
  REQUEST_TOO_LARGE: 'body: request body too large',
  UNSUPPORTED_MEDIA_TYPE: 'headers.content-type: expected application/json or text/plain',
  NOT_FOUND:
    'no such endpoint; expected POST /v1/track, /v1/identify, /v1/page, /v1/screen, /v1/group, /v1/alias or /v1/batch',
};

function frameworkCode(error: FrameworkError): IngestErrorCode | undefined {
  const known = error.code === undefined ? undefined : FRAMEWORK_CODES[error.code];
  if (known !== undefined) return known;
  if (error.statusCode === 404) return 'NOT_FOUND';
  if (error.statusCode === 413) return 'REQUEST_TOO_LARGE';
  if (error.statusCode === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return 'INVALID_JSON';
  return undefined;
}

function mappedMessage(code: IngestErrorCode): string {
  return MAPPED_MESSAGES[code] ?? 'body: expected a JSON object';
}
