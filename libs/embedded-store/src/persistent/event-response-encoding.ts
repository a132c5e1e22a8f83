import { ReadResp } from '@eventstore/db-client/generated/persistent_pb';

import { encodeReadEvent, type WireRecord } from '../server/read-event-encoding';
import { type GroupMessage } from './group-message';
import { originalRecord, type StoredRecord } from './stored-record';

/**
 * A `ReadResp` whose bytes are already encoded. grpc-js serializes a response through
 * `serializeBinary()` after checking it is a `ReadResp`, so this one passes the check and hands over
 * its bytes.
 */
export class EncodedReadResp extends ReadResp {
  constructor(private readonly bytes: Uint8Array) {
    super();
  }

  override serializeBinary(): Uint8Array {
    return this.bytes;
  }
}

const JSON_CONTENT = 'application/json';
const OCTET_STREAM = 'application/octet-stream';

/** As on EventStoreDB, both records carry the position of the record the group met (the link's). */
const wireRecord = (record: StoredRecord, original: StoredRecord): WireRecord => ({
  id: record.id,
  streamName: record.streamId,
  revision: record.revision,
  preparePosition: original.position.prepare,
  commitPosition: original.position.commit,
  type: record.type,
  contentType: record.isJson ? JSON_CONTENT : OCTET_STREAM,
  created: record.created.toString(),
  metadata: record.metadata,
  data: record.data,
});

/**
 * A persistent subscription's `ReadResp` event message, encoded directly to the bytes the generated
 * `ReadResp.serializeBinary()` gives for the same content (see `event-response-encoding.spec.ts`).
 */
export const encodeEventResponse = (message: GroupMessage, structuredIds: boolean): EncodedReadResp => {
  const original = originalRecord(message.record);
  const { event, link } = message.record;
  const bytes = encodeReadEvent(
    {
      event: event && wireRecord(event, original),
      link: link && wireRecord(link, original),
      commitPosition: original.position.commit,
      retryCount: message.retryCount,
    },
    structuredIds,
  );
  return new EncodedReadResp(bytes);
};
