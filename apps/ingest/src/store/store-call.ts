import {
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
} from '@eventstore/db-client';
import { RetryLaterError } from '../errors/ingest-error';
import type { StoreCallOutcome, StoreOperation } from '../metrics/ingest-metrics';

/** Told the time of each store call (ingest's metrics). */
export type StoreCallObserver = (operation: StoreOperation, outcome: StoreCallOutcome, seconds: number) => void;

/** Time a call may overrun its own deadline before it is given up here: the store's answer wins normally. */
const DEADLINE_GRACE_MS = 1_000;

/** The store did not answer within the call's deadline and its grace. */
class StoreCallTimeoutError extends Error {
  readonly code = 4; // DEADLINE_EXCEEDED, as a deadline the store enforces would report it
}

/**
 * Runs one store call and turns "the store cannot answer now" (unreachable, restarting, too slow,
 * not the leader) into a `STORE_UNAVAILABLE` error that the producer retries. The client reconnects
 * by itself on its next call after such an error, so the service recovers when the store returns.
 *
 * With `deadlineMs`, the call is also given up here once that deadline and a grace have passed.
 * The client sends an append's deadline to the server, which enforces it; a store that holds the
 * connection but answers nothing (a hung or stopped process, a host gone silent) never does, and
 * the request would wait until the connection is declared dead. An append given up this way may
 * still be written later: the producer's retry with the same message id is then a duplicate.
 */
export async function storeCall<T>(
  call: () => Promise<T>,
  retryAfterSeconds: number,
  timed?: {
    readonly operation: StoreOperation;
    readonly observe: StoreCallObserver | undefined;
    readonly deadlineMs?: number;
  },
): Promise<T> {
  const startedAt = timed?.observe === undefined ? 0 : performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const pending = call();
    const result =
      timed?.deadlineMs === undefined
        ? await pending
        : await Promise.race([
            pending,
            new Promise<never>((_, fail) => {
              timer = setTimeout(
                () => fail(new StoreCallTimeoutError(`no answer from the store within ${timed.deadlineMs} ms`)),
                timed.deadlineMs! + DEADLINE_GRACE_MS,
              );
            }),
          ]);
    timed?.observe?.(timed.operation, 'ok', (performance.now() - startedAt) / 1000);
    return result;
  } catch (error) {
    const unavailable = isUnavailable(error);
    timed?.observe?.(timed.operation, unavailable ? 'unavailable' : 'error', (performance.now() - startedAt) / 1000);
    if (unavailable) {
      throw new RetryLaterError(
        'STORE_UNAVAILABLE',
        'the event store is unavailable; nothing was stored',
        retryAfterSeconds,
      );
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function isUnavailable(error: unknown): boolean {
  return (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof CancelledError ||
    error instanceof NotLeaderError ||
    // gRPC failures the client does not classify (connection reset mid-call) carry grpc status codes.
    (typeof error === 'object' && error !== null && [1, 4, 14].includes((error as { code?: unknown }).code as number))
  );
}
