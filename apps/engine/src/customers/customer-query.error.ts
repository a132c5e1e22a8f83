/** Why a question about one customer could not be answered. */
export type CustomerQueryErrorCode =
  | 'INVALID_PARAMETER'
  | 'INVALID_CUSTOMER_ID'
  | 'INVALID_CURSOR'
  | 'REVISION_BEYOND_END'
  | 'CUSTOMER_NOT_FOUND'
  | 'UNKNOWN_ANONYMOUS_ID';

/**
 * An error of the customer queries, with a stable `code` and, for a bad request, the `path` of the
 * parameter at fault. Mapped to HTTP in one place, `CustomerQueryErrorFilter`.
 */
export class CustomerQueryError extends Error {
  constructor(
    readonly code: CustomerQueryErrorCode,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'CustomerQueryError';
  }
}

/** A parameter's value as an error message quotes it: short, and never `[object Object]`. */
export function quoted(value: unknown): string {
  if (value === undefined) return 'nothing';
  // A parameter given twice arrives as an array.
  if (Array.isArray(value)) return `${value.length} values`;
  return JSON.stringify(typeof value === 'string' ? value.slice(0, 140) : value) ?? String(typeof value);
}

/** A request parameter that is missing or malformed: says which, what was expected and what came. */
export const invalidParameter = (path: string, expected: string, got: unknown): CustomerQueryError =>
  new CustomerQueryError('INVALID_PARAMETER', `${path}: expected ${expected}, got ${quoted(got)}`, path);
