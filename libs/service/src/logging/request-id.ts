import { randomUUID } from 'node:crypto';

/** Header answering a request's correlation id. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * The correlation id of an HTTP request: always a new UUID, never the caller's, since it must be
 * unique (ingest stamps it on the events a request stores as `$correlationId`, and tells a write
 * from a duplicate by it). Fastify keeps it as `request.id`; the service answers it in
 * `X-Request-Id` and logs it on lines about the request.
 */
export function requestIdOf(): string {
  return randomUUID();
}
