import { IngestError } from '../errors/ingest-error';
import { assertSafeJson } from './hostile-json';

/**
 * Parses a request body as JSON the way ingest accepts it: an object at the top, safe (see
 * `assertSafeJson`). Used for `application/json` and for `text/plain`, which analytics.js sends to
 * avoid a CORS preflight.
 *
 * @throws IngestError `INVALID_JSON` naming the path at fault.
 */
export function parseJsonBody(text: string, maxDepth: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unreadable';
    throw IngestError.at('INVALID_JSON', 'body', `expected a JSON object (${reason})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw IngestError.at('INVALID_JSON', 'body', 'expected a JSON object');
  }
  assertSafeJson(value, maxDepth);
  return value as Record<string, unknown>;
}
