import { Metadata, status } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import type { ExpectedRevision } from '../storage';

/**
 * The gRPC errors EventStoreDB raises, with the trailers (`exception`, `stream-name`, …) from
 * which `@eventstore/db-client` builds its typed errors (`StreamDeletedError`,
 * `WrongExpectedVersionError`, `MaxAppendSizeExceededError`, …).
 */
export function grpcError(code: status, details: string, trailers: Record<string, string> = {}): ServiceError {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(details), { code, details, metadata });
}

/** The stream was tombstoned. */
export function streamDeletedError(streamName: string): ServiceError {
  return grpcError(status.FAILED_PRECONDITION, `Event stream '${streamName}' is deleted.`, {
    exception: 'stream-deleted',
    'stream-name': streamName,
  });
}

/** A write's expected revision did not hold, as trailers (Delete, Tombstone). */
export function wrongExpectedVersionError(
  streamName: string,
  expected: ExpectedRevision,
  current: number | 'no_stream',
): ServiceError {
  const trailers: Record<string, string> = {
    exception: 'wrong-expected-version',
    'stream-name': streamName,
    'expected-version': String(legacyExpectedVersion(expected)),
  };
  // The client reads a missing actual version as "no stream".
  if (current !== 'no_stream') trailers['actual-version'] = String(current);
  return grpcError(
    status.FAILED_PRECONDITION,
    `Append failed due to WrongExpectedVersion. Stream: ${streamName}, Expected version: ${String(expected)}, Actual version: ${String(current)}`,
    trailers,
  );
}

/** The events of one append are larger than the store accepts. */
export function maxAppendSizeExceededError(maxAppendSize: number): ServiceError {
  return grpcError(status.INVALID_ARGUMENT, `Maximum Append Size of ${maxAppendSize} Exceeded.`, {
    exception: 'maximum-append-size-exceeded',
    'maximum-append-size': String(maxAppendSize),
  });
}

/** The request is malformed. */
export function invalidArgumentError(details: string): ServiceError {
  return grpcError(status.INVALID_ARGUMENT, details);
}

/**
 * A write the store could not commit now, as EventStoreDB answers a commit timeout (`ABORTED`,
 * "Operation timed out: …"): the client raises `TimeoutError`. Unlike `UNAVAILABLE` ("Server Is
 * Not Ready"), it does not make the client drop its connection and the subscriptions on it.
 */
export function timeoutError(reason: string): ServiceError {
  return grpcError(status.ABORTED, `Operation timed out: ${reason}`);
}

/** An unexpected failure inside the store. */
export function internalError(error: unknown): ServiceError {
  return grpcError(status.INTERNAL, error instanceof Error ? error.message : String(error));
}

/** EventStoreDB's numeric expected versions (`any` -2, `no_stream` -1, `stream_exists` -4). */
function legacyExpectedVersion(expected: ExpectedRevision): number {
  switch (expected) {
    case 'any':
      return -2;
    case 'no_stream':
      return -1;
    case 'stream_exists':
      return -4;
    default:
      return expected;
  }
}
