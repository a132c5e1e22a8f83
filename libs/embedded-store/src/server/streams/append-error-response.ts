import type { ServiceError } from '@grpc/grpc-js';
import { StreamDeletedError } from '../../storage';
import { internalError, invalidArgumentError, streamDeletedError } from '../grpc-errors';
import { InvalidRequestError } from '../invalid-request';

/** The gRPC error for a failure of a write that is not a wrong expected revision. */
export function writeFailure(error: unknown): ServiceError {
  if (error instanceof StreamDeletedError) return streamDeletedError(error.streamName);
  if (error instanceof InvalidRequestError) {
    const specific = (error as InvalidRequestError & { grpc?: ServiceError }).grpc;
    return specific ?? invalidArgumentError(error.message);
  }
  return internalError(error);
}
