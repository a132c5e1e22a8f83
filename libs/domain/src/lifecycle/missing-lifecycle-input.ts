/**
 * The lifecycle machine was started without its input `{ customerId }`. XState reports it as the
 * snapshot's `error` (status `error`), as it does for any failure to start.
 */
export class MissingLifecycleInputError extends Error {
  readonly code = 'MISSING_LIFECYCLE_INPUT';

  constructor() {
    super('the lifecycle machine needs its input { customerId }');
    this.name = 'MissingLifecycleInputError';
  }
}
