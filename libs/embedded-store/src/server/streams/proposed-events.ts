import type { AppendReq, BatchAppendReq } from '@eventstore/db-client/generated/streams_pb';
import type { ProposedEvent } from '../../storage';
import { grpcError } from '../grpc-errors';
import { InvalidRequestError } from '../invalid-request';
import { uuidTextOf } from '../wire-format';
import { type ProposedMessageFields, proposedMessageFieldsOf } from './batch-append-request';
import { status } from '@grpc/grpc-js';

/** EventStoreDB's default maximum size of one append: data plus metadata of all its events. */
export const DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;

type ProposedMessage = AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage;

/** A proposed message as an event to store; its payload stays bytes. */
export function proposedEventOf(message: ProposedMessage): ProposedEvent {
  return proposedEventFrom(proposedMessageFieldsOf(message));
}

/** {@link proposedEventOf} of a proposed message's fields (as `readBatchAppendRequest` reads them). */
export function proposedEventFrom(message: ProposedMessageFields): ProposedEvent {
  const type = message.metadata.get('type');
  const contentType = message.metadata.get('content-type');
  if (type === undefined || contentType === undefined) throw missingMetadataError();
  return {
    id: uuidTextOf(message.id),
    type,
    contentType,
    data: message.data,
    metadata: message.customMetadata,
  };
}

/** The bytes an event counts against the maximum append size. */
export function sizeOf(event: ProposedEvent): number {
  return event.data.byteLength + event.metadata.byteLength;
}

/** `type` and `content-type` are required, as on EventStoreDB. */
function missingMetadataError(): Error {
  return Object.assign(new InvalidRequestError('proposed message: metadata "type" and "content-type" are required'), {
    grpc: grpcError(status.INVALID_ARGUMENT, 'Required metadata properties are missing', {
      exception: 'missing-required-metadata-property',
      'required-metadata-properties': 'type,content-type',
    }),
  });
}
