import { Code } from '@eventstore/db-client/generated/code_pb';
import {
  BadRequest,
  MaximumAppendSizeExceeded,
  StreamDeleted,
  Timeout,
  WrongExpectedVersion,
} from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import type { ExpectedRevision } from '../../storage';
import { StorageFullError, StreamDeletedError, WrongExpectedRevisionError } from '../../storage';
import { streamIdentifier } from '../wire-format';

/**
 * The `google.rpc.Status` values a BatchAppend response carries when an append fails, as
 * EventStoreDB builds them: every one has `details` (the client unpacks them unconditionally), a
 * short message naming the case and the code EventStoreDB uses.
 */

/** A request the store cannot serve as sent (malformed id, missing options, …). */
export function badRequest(message: string): Status {
  return status(Code.INVALID_ARGUMENT, 'BadRequest', packed(new BadRequest().setMessage(message), 'BadRequest'));
}

/** The append's deadline passed before it was committed. */
export function timeout(): Status {
  return status(Code.DEADLINE_EXCEEDED, 'Timeout', packed(new Timeout(), 'Timeout'));
}

/** The events of one append exceed the maximum append size. */
export function maximumAppendSizeExceeded(maxAppendSize: number): Status {
  return status(
    Code.INVALID_ARGUMENT,
    'MaximumAppendSizeExceeded',
    packed(new MaximumAppendSizeExceeded().setMaxappendsize(maxAppendSize), 'MaximumAppendSizeExceeded'),
  );
}

/**
 * The status of an append that storage refused. A full data directory is answered as EventStoreDB
 * answers a write it could not commit (a commit timeout): `Timeout`, which the client raises as
 * `DeadlineExceededError`, a failure to retry rather than a defect; nothing of the append is written.
 */
export function storageFailure(stream: string, error: unknown): Status {
  if (error instanceof WrongExpectedRevisionError) return wrongExpectedVersion(error.expected, error.current);
  if (error instanceof StorageFullError) return timeout();
  if (error instanceof StreamDeletedError)
    return status(
      Code.NOT_FOUND,
      'StreamDeleted',
      packed(new StreamDeleted().setStreamIdentifier(streamIdentifier(stream)), 'StreamDeleted'),
    );
  return internalError(error instanceof Error ? error.message : String(error));
}

/** An unexpected failure inside the store; the details are an empty message, as on EventStoreDB. */
export function internalError(message: string): Status {
  const details = new Any();
  details.pack(new ProtobufEmpty().serializeBinary(), 'google.protobuf.Empty');
  return status(Code.INTERNAL, message, details);
}

function wrongExpectedVersion(expected: ExpectedRevision, current: number | 'no_stream'): Status {
  const details = new WrongExpectedVersion();
  if (current === 'no_stream') details.setCurrentNoStream(new ProtobufEmpty());
  else details.setCurrentStreamRevision(String(current));
  switch (expected) {
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
      details.setExpectedStreamPosition(String(expected));
  }
  return status(Code.ALREADY_EXISTS, 'WrongExpectedVersion', packed(details, 'WrongExpectedVersion'));
}

function status(code: Code, message: string, details: Any): Status {
  return new Status().setCode(code).setMessage(message).setDetails(details);
}

function packed(message: { serializeBinary(): Uint8Array }, name: string): Any {
  const any = new Any();
  any.pack(message.serializeBinary(), `event_store.client.${name}`);
  return any;
}
