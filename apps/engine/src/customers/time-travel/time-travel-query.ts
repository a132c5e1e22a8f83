import { CustomerQueryError, invalidParameter } from '../customer-query.error';

/** When to see a customer: after an input of its stream, or at an instant. */
export type TimeTravelQuery =
  | { readonly kind: 'revision'; readonly revision: bigint }
  | { readonly kind: 'at'; readonly at: string; readonly atMs: number };

const REVISION = /^(0|[1-9]\d{0,18})$/;
/** ISO-8601 with a time and a zone: an instant, never a local time open to interpretation. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Reads `?revision=N` or `?at=<ISO-8601>`: exactly one of them. */
export function parseTimeTravelQuery(query: { readonly revision?: unknown; readonly at?: unknown }): TimeTravelQuery {
  const { revision, at } = query;
  if ((revision === undefined) === (at === undefined)) {
    throw new CustomerQueryError(
      'INVALID_PARAMETER',
      `revision, at: expected exactly one of revision=<input revision> and at=<ISO-8601 instant>, got ${revision === undefined ? 'neither' : 'both'}`,
    );
  }
  if (revision !== undefined) {
    if (typeof revision !== 'string' || !REVISION.test(revision)) {
      throw invalidParameter('revision', 'an input revision (an integer from 0)', revision);
    }
    return { kind: 'revision', revision: BigInt(revision) };
  }
  const atMs = typeof at === 'string' && INSTANT.test(at) ? Date.parse(at) : NaN;
  if (!Number.isFinite(atMs)) {
    throw invalidParameter('at', 'an ISO-8601 instant with a zone (2026-03-02T09:00:00Z; + URL-encoded as %2B)', at);
  }
  return { kind: 'at', at: new Date(atMs).toISOString(), atMs };
}
