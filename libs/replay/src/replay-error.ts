/** Stable codes of what a replay tool refuses. */
export type ReplayErrorCode = 'INVALID_CHANGE' | 'INVALID_MACHINE' | 'INVALID_OPTION' | 'INVALID_TRUTH';

/** A replay tool's refusal: the message says what was wrong, where, and what was expected. */
export class ReplayError extends Error {
  constructor(
    readonly code: ReplayErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReplayError';
  }
}
