import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { AppendReq, AppendResp } from '@eventstore/db-client/generated/streams_pb';
import type { handleClientStreamingCall, ServiceError } from '@grpc/grpc-js';
import type { EventStorage, ExpectedRevision, ProposedEvent } from '../../storage';
import { WrongExpectedRevisionError } from '../../storage';
import { maxAppendSizeExceededError } from '../grpc-errors';
import { InvalidRequestError } from '../invalid-request';
import { streamNameOf } from '../wire-format';
import { writeFailure } from './append-error-response';
import { expectedRevisionOf } from './expected-revision-option';
import { proposedEventOf, sizeOf } from './proposed-events';

/**
 * `Streams.Append`: options first, then the proposed messages; one response. A wrong expected
 * revision is a response (`wrong_expected_version`), not an error, as on EventStoreDB.
 */
export function appendHandler(
  storage: EventStorage,
  maxAppendSize: number,
): handleClientStreamingCall<AppendReq, AppendResp> {
  return (call, callback) => {
    let target: { stream: string; expected: ExpectedRevision } | undefined;
    const events: ProposedEvent[] = [];
    let size = 0;
    let answered = false;
    const answer = (error: ServiceError | null, response?: AppendResp): void => {
      if (answered) return;
      answered = true;
      callback(error, response);
    };
    call.on('data', (request: AppendReq) => {
      if (answered) return;
      try {
        if (target === undefined) {
          const options = request.getOptions();
          if (options === undefined) throw new InvalidRequestError('the first append message must carry options');
          target = {
            stream: streamNameOf(options.getStreamIdentifier()),
            expected: expectedRevisionOf(options.getExpectedStreamRevisionCase(), () => options.getRevision()),
          };
          return;
        }
        const message = request.getProposedMessage();
        if (message === undefined) throw new InvalidRequestError('expected a proposed message after the options');
        const event = proposedEventOf(message);
        size += sizeOf(event);
        if (size > maxAppendSize) return answer(maxAppendSizeExceededError(maxAppendSize));
        events.push(event);
      } catch (error) {
        answer(writeFailure(error));
      }
    });
    call.on('error', () => (answered = true));
    call.on('end', () => {
      if (answered) return;
      if (target === undefined) return answer(writeFailure(new InvalidRequestError('append options are missing')));
      const { stream, expected } = target;
      storage.append(stream, expected, events).then(
        (result) => answer(null, new AppendResp().setSuccess(success(result.revision, result.position, events.length))),
        (error: unknown) =>
          error instanceof WrongExpectedRevisionError
            ? answer(null, new AppendResp().setWrongExpectedVersion(wrongExpectedVersion(error)))
            : answer(writeFailure(error)),
      );
    });
  };
}

function success(revision: number, position: number, count: number): AppendResp.Success {
  const result = new AppendResp.Success();
  if (revision < 0) result.setNoStream(new Empty());
  else result.setCurrentRevision(String(revision));
  if (count === 0) return result.setNoPosition(new Empty());
  return result.setPosition(
    new AppendResp.Position().setCommitPosition(String(position)).setPreparePosition(String(position)),
  );
}

function wrongExpectedVersion(error: WrongExpectedRevisionError): AppendResp.WrongExpectedVersion {
  const message = new AppendResp.WrongExpectedVersion();
  if (error.current === 'no_stream') message.setCurrentNoStream(new Empty());
  else message.setCurrentRevision(String(error.current));
  switch (error.expected) {
    case 'any':
      return message.setExpectedAny(new Empty());
    case 'no_stream':
      return message.setExpectedNoStream(new Empty());
    case 'stream_exists':
      return message.setExpectedStreamExists(new Empty());
    default:
      return message.setExpectedRevision(String(error.expected));
  }
}
