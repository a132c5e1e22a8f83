import { CUSTOMER_ID_PATTERN } from '@heed/event-store';
import { CustomerQueryError, invalidParameter } from './customer-query.error';

const ID_EXPECTED = '1-128 characters of letters, digits and . _ : @ + -';

/** A customer id from the path, as ingest accepts them (and stream names may safely hold). */
export function customerIdParam(id: string): string {
  if (!CUSTOMER_ID_PATTERN.test(id)) {
    throw new CustomerQueryError(
      'INVALID_CUSTOMER_ID',
      `id: expected ${ID_EXPECTED}, got ${JSON.stringify(id.slice(0, 140))}`,
      'id',
    );
  }
  return id;
}

/** An anonymous id from the query string: required, with the same rule as customer ids. */
export function anonymousIdParam(value: unknown): string {
  if (typeof value !== 'string' || !CUSTOMER_ID_PATTERN.test(value)) {
    throw invalidParameter('anonymousId', ID_EXPECTED, value);
  }
  return value;
}
