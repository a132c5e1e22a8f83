import { DeleteResp, TombstoneResp } from '@eventstore/db-client/generated/streams_pb';
import type { DeleteReq, TombstoneReq } from '@eventstore/db-client/generated/streams_pb';
import type { handleUnaryCall } from '@grpc/grpc-js';
import type { EventStorage, ExpectedRevision } from '../../storage';
import { WrongExpectedRevisionError } from '../../storage';
import { wrongExpectedVersionError } from '../grpc-errors';
import { InvalidRequestError } from '../invalid-request';
import { streamNameOf } from '../wire-format';
import { writeFailure } from './append-error-response';
import { expectedRevisionOf } from './expected-revision-option';

type Removal = (stream: string, expected: ExpectedRevision) => Promise<{ position: bigint | number }>;

/**
 * A handler of a stream removal (Delete or Tombstone): both carry the same options and answer with
 * the position of the removal; a wrong expected revision travels as trailers, as on EventStoreDB.
 */
function removalHandler<Req extends DeleteReq | TombstoneReq, Resp>(
  remove: Removal,
  answer: (position: string) => Resp,
): handleUnaryCall<Req, Resp> {
  return (call, callback) => {
    let promise: ReturnType<Removal>;
    try {
      const options = call.request.getOptions();
      if (options === undefined) throw new InvalidRequestError('options are required');
      const stream = streamNameOf(options.getStreamIdentifier());
      const expected = expectedRevisionOf(options.getExpectedStreamRevisionCase(), () => options.getRevision());
      promise = remove(stream, expected);
    } catch (error) {
      return callback(writeFailure(error));
    }
    promise.then(
      ({ position }) => callback(null, answer(String(position))),
      (error: unknown) => callback(removalFailure(error)),
    );
  };
}

/** `Streams.Delete` (soft delete). */
export function deleteHandler(storage: EventStorage): handleUnaryCall<DeleteReq, DeleteResp> {
  return removalHandler(
    (stream, expected) => storage.deleteStream(stream, expected),
    (at) => new DeleteResp().setPosition(new DeleteResp.Position().setCommitPosition(at).setPreparePosition(at)),
  );
}

/** `Streams.Tombstone` (hard delete). */
export function tombstoneHandler(storage: EventStorage): handleUnaryCall<TombstoneReq, TombstoneResp> {
  return removalHandler(
    (stream, expected) => storage.tombstoneStream(stream, expected),
    (at) => new TombstoneResp().setPosition(new TombstoneResp.Position().setCommitPosition(at).setPreparePosition(at)),
  );
}

function removalFailure(error: unknown) {
  return error instanceof WrongExpectedRevisionError
    ? wrongExpectedVersionError(error.streamName, error.expected, error.current)
    : writeFailure(error);
}
