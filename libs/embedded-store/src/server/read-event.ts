import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { EventStorage, RecordedEvent } from '../storage';
import { LINK_EVENT_TYPE, TOMBSTONE_REVISION } from '../storage';
import { streamIdentifier, TOMBSTONE_WIRE_REVISION, toTicks, uuidMessage } from './wire-format';

/** How events are encoded for one read or subscription. */
export interface ReadEventEncoding {
  readonly resolveLinks: boolean;
  readonly structuredIds: boolean;
}

/**
 * A stored record as the `ReadResp` EventStoreDB sends: with `resolveLinks`, a link event (`$>`)
 * travels as its target in `event` and itself in `link`; the response's commit position is the
 * record's own (the link's, for a resolved link).
 */
export function readEventResponse(storage: EventStorage, record: RecordedEvent, encoding: ReadEventEncoding): ReadResp {
  const readEvent = new ReadResp.ReadEvent();
  const target = encoding.resolveLinks && record.type === LINK_EVENT_TYPE ? storage.resolveLink(record) : undefined;
  if (target !== undefined) {
    readEvent.setEvent(recordedEvent(target, encoding.structuredIds));
    readEvent.setLink(recordedEvent(record, encoding.structuredIds));
  } else {
    readEvent.setEvent(recordedEvent(record, encoding.structuredIds));
  }
  readEvent.setCommitPosition(String(record.position));
  return new ReadResp().setEvent(readEvent);
}

function recordedEvent(record: RecordedEvent, structuredIds: boolean): ReadResp.ReadEvent.RecordedEvent {
  const message = new ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidMessage(record.id, structuredIds))
    .setStreamIdentifier(streamIdentifier(record.streamName))
    .setStreamRevision(record.revision === TOMBSTONE_REVISION ? TOMBSTONE_WIRE_REVISION : String(record.revision))
    .setPreparePosition(String(record.position))
    .setCommitPosition(String(record.position))
    .setData(record.data)
    .setCustomMetadata(record.metadata);
  const metadata = message.getMetadataMap();
  metadata.set('type', record.type);
  metadata.set('content-type', record.contentType);
  metadata.set('created', toTicks(record.created));
  return message;
}
