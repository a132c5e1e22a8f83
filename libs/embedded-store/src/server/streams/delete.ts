import { DeleteResp, TombstoneResp } from '@eventstore/db-client/generated/streams_pb';
import type { DeleteReq, TombstoneReq } from '@eventstore/db-client/generated/streams_pb';
import type { handleUnaryCall } from '@grpc/grpc-js';
import type { EventStorage } from '../../storage';
import { WrongExpectedRevisionError } from '../../storage';
import { wrongExpectedVersionError } from '../grpc-errors';
import { InvalidRequestError } from '../invalid-request';
import { streamNameOf } from '../wire-format';
import { writeFailure } from './append-error-response';
import { expectedRevisionOf } from './expected-revision-option';

/** `Streams.Delete` (soft delete). A wrong expected revision travels as trailers, as on EventStoreDB. */
export function deleteHandler(storage: EventStorage): handleUnaryCall<DeleteReq, DeleteResp> {
  return (call, callback) => {
    let stream: string;
    let promise: ReturnType<EventStorage['deleteStream']>;
    try {
      const options = call.request.getOptions();
      if (options === undefined) throw new InvalidRequestError('options are required');
      stream = streamNameOf(options.getStreamIdentifier());
      const expected = expectedRevisionOf(options.getExpectedStreamRevisionCase(), () => options.getRevision());
      promise = storage.deleteStream(stream, expected);
    } catch (error) {
      return callback(writeFailure(error));
    }
    promise.then(
      ({ position }) => {
        const at = String(position);
        callback(
          null,
          new DeleteResp().setPosition(new DeleteResp.Position().setCommitPosition(at).setPreparePosition(at)),
        );
      },
      (error: unknown) => callback(deleteFailure(error)),
    );
  };
}

/** `Streams.Tombstone` (hard delete), answered like {@link deleteHandler}. */
export function tombstoneHandler(storage: EventStorage): handleUnaryCall<TombstoneReq, TombstoneResp> {
  return (call, callback) => {
    let promise: ReturnType<EventStorage['tombstoneStream']>;
    try {
      const options = call.request.getOptions();
      if (options === undefined) throw new InvalidRequestError('options are required');
      const stream = streamNameOf(options.getStreamIdentifier());
      const expected = expectedRevisionOf(options.getExpectedStreamRevisionCase(), () => options.getRevision());
      promise = storage.tombstoneStream(stream, expected);
    } catch (error) {
      return callback(writeFailure(error));
    }
    promise.then(
      ({ position }) => {
        const at = String(position);
        callback(
          null,
          new TombstoneResp().setPosition(new TombstoneResp.Position().setCommitPosition(at).setPreparePosition(at)),
        );
      },
      (error: unknown) => callback(deleteFailure(error)),
    );
  };
}

function deleteFailure(error: unknown) {
  return error instanceof WrongExpectedRevisionError
    ? wrongExpectedVersionError(error.streamName, error.expected, error.current)
    : writeFailure(error);
}
