/** A request that cannot be served as sent; answered with `INVALID_ARGUMENT`, never a crash. */
export class InvalidRequestError extends Error {
  readonly code = 'INVALID_REQUEST';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRequestError';
  }
}
