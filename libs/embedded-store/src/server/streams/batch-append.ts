import { Code } from '@eventstore/db-client/generated/code_pb';
import {
  AllStreamPosition,
  MaximumAppendSizeExceeded,
  StreamDeleted,
  WrongExpectedVersion,
} from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import type { UUID } from '@eventstore/db-client/generated/shared_pb';
import type { handleBidiStreamingCall, ServiceError } from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import type { EventStorage, ExpectedRevision, ProposedEvent } from '../../storage';
import { StreamDeletedError, WrongExpectedRevisionError } from '../../storage';
import { InvalidRequestError } from '../invalid-request';
import { streamIdentifier, streamNameOf, uuidOf } from '../wire-format';
import { writeFailure } from './append-error-response';
import { expectedRevisionOf } from './expected-revision-option';
import { proposedEventOf, sizeOf } from './proposed-events';

interface PendingBatch {
  readonly correlationId: UUID;
  readonly stream: string;
  readonly expected: ExpectedRevision;
  readonly events: ProposedEvent[];
  size: number;
  failed: boolean;
}

/**
 * `Streams.BatchAppend`: one long-lived call carrying many appends, each a sequence of requests
 * with one correlation id (options in the first, `is_final` on the last). Each append is answered
 * on the call; failures travel as a `google.rpc.Status` whose details hold EventStoreDB's error
 * message (`WrongExpectedVersion`, `StreamDeleted`, `MaximumAppendSizeExceeded`).
 */
export function batchAppendHandler(
  storage: EventStorage,
  maxAppendSize: number,
): handleBidiStreamingCall<BatchAppendReq, BatchAppendResp> {
  return (call) => {
    const pending = new Map<string, PendingBatch>();
    let open = true;
    let inFlight = 0;
    let clientDone = false;
    const reply = (response: BatchAppendResp): void => {
      if (open && !call.cancelled) call.write(response);
    };
    // The client may half-close with appends still committing: answer them, then end the call.
    const endIfSettled = (): void => {
      if (!clientDone || inFlight > 0 || !open) return;
      open = false;
      call.end();
    };
    call.on('data', (request: BatchAppendReq) => {
      let batch: PendingBatch | undefined;
      try {
        const correlationId = request.getCorrelationId();
        const key = uuidOf(correlationId);
        batch = pending.get(key);
        if (batch === undefined) {
          const options = request.getOptions();
          if (options === undefined) throw new InvalidRequestError('the first request of an append must carry options');
          batch = {
            correlationId: correlationId!,
            stream: streamNameOf(options.getStreamIdentifier()),
            expected: expectedRevisionOf(options.getExpectedStreamPositionCase(), () => options.getStreamPosition()),
            events: [],
            size: 0,
            failed: false,
          };
          pending.set(key, batch);
        }
        for (const message of request.getProposedMessagesList()) {
          if (batch.failed) break;
          const event = proposedEventOf(message);
          batch.size += sizeOf(event);
          if (batch.size > maxAppendSize) {
            batch.failed = true;
            batch.events.length = 0;
            reply(
              failure(
                batch,
                Code.INVALID_ARGUMENT,
                'Maximum Append Size Exceeded.',
                maxAppendSizeDetails(maxAppendSize),
              ),
            );
            break;
          }
          batch.events.push(event);
        }
        if (!request.getIsFinal()) return;
        pending.delete(key);
        if (batch.failed) return;
        const done = batch;
        const answer = (response: BatchAppendResp): void => {
          inFlight--;
          reply(response);
          endIfSettled();
        };
        inFlight++;
        storage.append(done.stream, done.expected, done.events).then(
          (result) => answer(success(done, result.revision, result.position)),
          (error: unknown) => answer(errorResponse(done, error)),
        );
      } catch (error) {
        if (batch === undefined) {
          open = false;
          call.emit('error', writeFailure(error) satisfies ServiceError);
          return;
        }
        batch.failed = true;
        reply(failure(batch, Code.INVALID_ARGUMENT, error instanceof Error ? error.message : String(error)));
      }
    });
    call.on('end', () => {
      clientDone = true;
      endIfSettled();
    });
    call.on('error', () => (open = false));
    call.on('cancelled', () => (open = false));
  };
}

function response(batch: PendingBatch): BatchAppendResp {
  const message = new BatchAppendResp()
    .setCorrelationId(batch.correlationId)
    .setStreamIdentifier(streamIdentifier(batch.stream));
  switch (batch.expected) {
    case 'any':
      return message.setAny(new ProtobufEmpty());
    case 'no_stream':
      return message.setNoStream(new ProtobufEmpty());
    case 'stream_exists':
      return message.setStreamExists(new ProtobufEmpty());
    default:
      return message.setStreamPosition(String(batch.expected));
  }
}

function success(batch: PendingBatch, revision: number, position: number): BatchAppendResp {
  const result = new BatchAppendResp.Success();
  if (revision < 0) result.setNoStream(new ProtobufEmpty());
  else result.setCurrentRevision(String(revision));
  if (batch.events.length === 0) result.setNoPosition(new ProtobufEmpty());
  else
    result.setPosition(
      new AllStreamPosition().setCommitPosition(String(position)).setPreparePosition(String(position)),
    );
  return response(batch).setSuccess(result);
}

function errorResponse(batch: PendingBatch, error: unknown): BatchAppendResp {
  if (error instanceof WrongExpectedRevisionError) {
    const details = new WrongExpectedVersion();
    if (error.current === 'no_stream') details.setCurrentNoStream(new ProtobufEmpty());
    else details.setCurrentStreamRevision(String(error.current));
    switch (error.expected) {
      case 'any':
        details.setExpectedAny(new ProtobufEmpty());
        break;
      case 'no_stream':
        details.setExpectedNoStream(new ProtobufEmpty());
        break;
      case 'stream_exists':
        details.setExpectedStreamExists(new ProtobufEmpty());
        break;
      default:
        details.setExpectedStreamPosition(String(error.expected));
    }
    return failure(
      batch,
      Code.FAILED_PRECONDITION,
      error.message,
      packed(details.serializeBinary(), 'WrongExpectedVersion'),
    );
  }
  if (error instanceof StreamDeletedError) {
    const details = new StreamDeleted().setStreamIdentifier(streamIdentifier(batch.stream));
    return failure(batch, Code.FAILED_PRECONDITION, error.message, packed(details.serializeBinary(), 'StreamDeleted'));
  }
  return failure(batch, Code.INTERNAL, error instanceof Error ? error.message : String(error));
}

function failure(batch: PendingBatch, code: Code, message: string, details?: Any): BatchAppendResp {
  const status = new Status().setCode(code).setMessage(message);
  if (details !== undefined) status.setDetails(details);
  return response(batch).setError(status);
}

function maxAppendSizeDetails(maxAppendSize: number): Any {
  return packed(
    new MaximumAppendSizeExceeded().setMaxappendsize(maxAppendSize).serializeBinary(),
    'MaximumAppendSizeExceeded',
  );
}

function packed(bytes: Uint8Array, name: string): Any {
  const any = new Any();
  any.pack(bytes, `event_store.client.${name}`);
  return any;
}
