import type { AppendReq, BatchAppendReq } from '@eventstore/db-client/generated/streams_pb';
import type { ProposedEvent } from '../../storage';
import { grpcError } from '../grpc-errors';
import { InvalidRequestError } from '../invalid-request';
import { uuidOf } from '../wire-format';
import { status } from '@grpc/grpc-js';

/** EventStoreDB's default maximum size of one append: data plus metadata of all its events. */
export const DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;

type ProposedMessage = AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage;

/** A proposed message as an event to store; its payload stays bytes. */
export function proposedEventOf(message: ProposedMessage): ProposedEvent {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  const contentType = metadata.get('content-type');
  if (type === undefined || contentType === undefined) throw missingMetadataError();
  return {
    id: uuidOf(message.getId()),
    type,
    contentType,
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
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
