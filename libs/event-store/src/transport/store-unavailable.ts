import {
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
} from '@eventstore/db-client';

/** gRPC codes of a call the store did not serve now: CANCELLED, DEADLINE_EXCEEDED, UNAVAILABLE. */
const NOT_NOW_CODES: ReadonlySet<number> = new Set([1, 4, 14]);

/** Errors wrapped in a `cause` are looked at this deep. */
const MAX_CAUSES = 5;

/**
 * Whether a failure is the store unable to serve the call now rather than anything about the
 * call: unreachable or restarting (`UnavailableError`, `CancelledError`), too slow or unable to
 * commit in time (`DeadlineExceededError`, `TimeoutError` — what EventStoreDB and the embedded
 * store answer for a write they cannot do now, such as on a full disk), not the leader, or a gRPC
 * failure the client leaves unclassified with one of those codes. The same call may succeed later
 * unchanged. An error's `cause` chain is looked at too.
 */
export function isStoreUnavailable(error: unknown): boolean {
  let current = error;
  for (let depth = 0; depth <= MAX_CAUSES && typeof current === 'object' && current !== null; depth++) {
    if (
      current instanceof UnavailableError ||
      current instanceof DeadlineExceededError ||
      current instanceof TimeoutError ||
      current instanceof CancelledError ||
      current instanceof NotLeaderError
    ) {
      return true;
    }
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'number' && NOT_NOW_CODES.has(code)) return true;
    current = cause;
  }
  return false;
}
