/**
 * The lifecycle machine was started without its input `{ customerId }`.
 *
 * XState's pure `transition()` builds a throw-away actor on every call, and that actor computes an
 * initial state without input, which fails and is discarded. Failing with one shared instance keeps
 * that cost to a `throw`: a fresh error would capture a stack trace on every signal of every replay.
 */
export class MissingLifecycleInputError extends Error {
  readonly code = 'MISSING_LIFECYCLE_INPUT';

  constructor() {
    super('the lifecycle machine needs its input { customerId }');
    this.name = 'MissingLifecycleInputError';
  }
}

/** The one instance the machine throws (see {@link MissingLifecycleInputError}). */
export const missingLifecycleInput = new MissingLifecycleInputError();
