import type { ServiceError } from '@grpc/grpc-js';
import { StorageFullError, StreamDeletedError } from '../../storage';
import { internalError, invalidArgumentError, streamDeletedError, timeoutError } from '../grpc-errors';
import { InvalidRequestError } from '../invalid-request';

/**
 * The gRPC error for a failure of a write that is not a wrong expected revision. A full data
 * directory is answered as EventStoreDB answers a write it could not commit in time (`ABORTED`,
 * "Operation timed out"), which the client raises as `TimeoutError`: nothing was written, retry.
 */
export function writeFailure(error: unknown): ServiceError {
  if (error instanceof StreamDeletedError) return streamDeletedError(error.streamName);
  if (error instanceof StorageFullError) return timeoutError(error.message);
  if (error instanceof InvalidRequestError) {
    const specific = (error as InvalidRequestError & { grpc?: ServiceError }).grpc;
    return specific ?? invalidArgumentError(error.message);
  }
  return internalError(error);
}
