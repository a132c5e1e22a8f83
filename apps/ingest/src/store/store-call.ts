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

/**
 * Runs one store call and turns "the store cannot answer now" (unreachable, restarting, too slow,
 * not the leader) into a `STORE_UNAVAILABLE` error that the producer retries. The client reconnects
 * by itself on its next call after such an error, so the service recovers when the store returns.
 */
export async function storeCall<T>(
  call: () => Promise<T>,
  retryAfterSeconds: number,
  timed?: { readonly operation: StoreOperation; readonly observe: StoreCallObserver | undefined },
): Promise<T> {
  const startedAt = timed?.observe === undefined ? 0 : performance.now();
  try {
    const result = await call();
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
