import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { EventStorage, RecordedEvent } from '../storage';
import { LINK_EVENT_TYPE, TOMBSTONE_REVISION } from '../storage';
import { encodeReadEvent, type WireRecord } from './read-event-encoding';
import { TOMBSTONE_WIRE_REVISION, toTicks } from './wire-format';

/** How events are encoded for one read or subscription. */
export interface ReadEventEncoding {
  readonly resolveLinks: boolean;
  readonly structuredIds: boolean;
}

/**
 * A `Streams.Read` response whose bytes are already encoded: grpc-js checks the class, then calls
 * `serializeBinary()`, which hands over the bytes.
 */
export class EncodedStreamsReadResp extends ReadResp {
  constructor(private readonly bytes: Uint8Array) {
    super();
  }

  override serializeBinary(): Uint8Array {
    return this.bytes;
  }
}

const TOMBSTONE_WIRE = BigInt(TOMBSTONE_WIRE_REVISION);

// Revisions and positions are safe integers from storage: they go to the encoder as they are.
const wireRecord = (record: RecordedEvent, position: number): WireRecord => ({
  id: record.id,
  streamName: record.streamName,
  revision: record.revision === TOMBSTONE_REVISION ? TOMBSTONE_WIRE : record.revision,
  preparePosition: position,
  commitPosition: position,
  type: record.type,
  contentType: record.contentType,
  created: ticksOf(record.created),
  metadata: record.metadata,
  data: record.data,
});

/** {@link toTicks} without bigints for whole non-negative milliseconds (all stored times): ms × 10⁴. */
const ticksOf = (ms: number): string => (ms > 0 && Number.isSafeInteger(ms) ? `${ms}0000` : toTicks(ms));

/**
 * A stored record as the `ReadResp` EventStoreDB sends: with `resolveLinks`, a link event (`$>`)
 * travels as its target in `event` and itself in `link`; the response's commit position is the
 * record's own (the link's, for a resolved link). Encoded straight to bytes (`read-event-encoding.ts`).
 */
export function readEventResponse(storage: EventStorage, record: RecordedEvent, encoding: ReadEventEncoding): ReadResp {
  const target = encoding.resolveLinks && record.type === LINK_EVENT_TYPE ? storage.resolveLink(record) : undefined;
  return encodedResponse(record, target, encoding);
}

/**
 * {@link readEventResponse} for a page of records, their links resolved with one query
 * (`EventStorage.resolveLinks`) rather than two lookups each: what a read or a subscription of a
 * `$ce-`/`$et-` stream, all links, sends page after page.
 */
export function readEventResponses(
  storage: EventStorage,
  records: readonly RecordedEvent[],
  encoding: ReadEventEncoding,
): ReadResp[] {
  const targets = encoding.resolveLinks ? storage.resolveLinks(records) : undefined;
  return records.map((record, index) => encodedResponse(record, targets?.[index], encoding));
}

function encodedResponse(
  record: RecordedEvent,
  target: RecordedEvent | undefined,
  encoding: ReadEventEncoding,
): EncodedStreamsReadResp {
  const position = record.position;
  const bytes = encodeReadEvent(
    {
      event: target === undefined ? wireRecord(record, position) : wireRecord(target, target.position),
      link: target === undefined ? undefined : wireRecord(record, position),
      commitPosition: position,
    },
    encoding.structuredIds,
  );
  return new EncodedStreamsReadResp(bytes);
}
