import type { AppendExpectedRevision, AppendResult, EventData, Position } from '@eventstore/db-client';
import { BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import { readPosition, readUuid } from './read-resp-decoder';
import { bigVarintSize, fieldSize, LENGTH, Out, VARINT, varintSize, WireReader } from '@heed/wire';

/**
 * The bytes of EventStoreDB's `Streams.BatchAppend` requests (`streams.proto`) for one append,
 * written once each (ADR 0083). The client builds a google-protobuf message per event, serialises it
 * once to learn its size and again inside the request, and carries JSON as base64 text in between;
 * here each event is written straight to its bytes and the requests are those bytes put together.
 *
 * The bytes are the generated messages' own, byte for byte (fields in number order, the metadata
 * map's keys sorted, empty bytes left out), and the requests split where the client's `eventBatcher`
 * splits them (`append-codec.spec.ts` compares both on generated appends).
 */
export function encodeBatchAppend(
  correlationId: string,
  streamName: string,
  events: readonly EventData[],
  expectedRevision: AppendExpectedRevision,
  deadline: Date,
  maxBatchSize: number,
): Buffer[] {
  const correlation = uuidBytes(correlationId);
  const options = optionsBytes(streamName, expectedRevision, deadline);
  const requests: Buffer[] = [];
  let messages: Buffer[] = [];
  let batchSize = 0;
  let first = true;
  for (const event of events) {
    const message = proposedMessage(event);
    if (batchSize + message.length >= maxBatchSize) {
      requests.push(request(correlation, first ? options : undefined, messages, false));
      first = false;
      messages = [];
      batchSize = 0;
    }
    batchSize += message.length;
    messages.push(message);
  }
  requests.push(request(correlation, first ? options : undefined, messages, true));
  return requests;
}

/** Whether Heed writes this event's bytes as the client would: its own kinds of event, as typed. */
export function isEncodable(event: EventData): boolean {
  const { id, type, contentType, data } = event as Partial<EventData>;
  if (typeof id !== 'string' || typeof type !== 'string') return false;
  if (contentType === 'application/json') return true;
  return contentType === 'application/octet-stream' && data instanceof Uint8Array;
}

/** Whether Heed writes this expected revision as the client would: its named ones, or a `uint64`. */
export function isEncodableRevision(expected: AppendExpectedRevision): boolean {
  return typeof expected === 'bigint'
    ? expected >= 0n && expected <= MAX_UINT64
    : expected === 'any' || expected === 'no_stream' || expected === 'stream_exists';
}

const MAX_UINT64 = 2n ** 64n - 1n;

/** `BatchAppendReq`: correlation id 1, options 2 (the first request only), messages 3, is_final 4. */
function request(correlation: Buffer, options: Buffer | undefined, messages: readonly Buffer[], final: boolean) {
  let size = fieldSize(correlation.length) + (options === undefined ? 0 : fieldSize(options.length));
  for (const message of messages) size += fieldSize(message.length);
  if (final) size += 2;
  const out = new Out(size);
  out.field(1, correlation);
  if (options !== undefined) out.field(2, options);
  for (const message of messages) out.field(3, message);
  if (final) out.tag(4, VARINT).varint(1);
  return out.done();
}

/**
 * `BatchAppendReq.ProposedMessage`: id 1 (a `UUID` in string form), metadata 2 (the map's entries
 * `content-type` and `type`, in key order), custom metadata 3, data 4; written into one buffer.
 */
function proposedMessage(event: EventData): Buffer {
  const idLength = Buffer.byteLength(event.id);
  const uuidSize = fieldSize(idLength);
  const contentTypeLength = Buffer.byteLength(event.contentType);
  const contentTypeSize = fieldSize(CONTENT_TYPE.length) + fieldSize(contentTypeLength);
  const typeLength = Buffer.byteLength(event.type);
  const typeSize = fieldSize(TYPE.length) + fieldSize(typeLength);
  const metadata = customMetadataBytes(event.metadata);
  const data = dataBytes(event);
  const size =
    fieldSize(uuidSize) +
    fieldSize(contentTypeSize) +
    fieldSize(typeSize) +
    (metadata.length > 0 ? fieldSize(metadata.length) : 0) +
    (data.length > 0 ? fieldSize(data.length) : 0);
  const out = new Out(size);
  out.tag(1, LENGTH).varint(uuidSize).text(2, event.id, idLength);
  out.tag(2, LENGTH).varint(contentTypeSize).text(1, CONTENT_TYPE, CONTENT_TYPE.length);
  out.text(2, event.contentType, contentTypeLength);
  out.tag(2, LENGTH).varint(typeSize).text(1, TYPE, TYPE.length).text(2, event.type, typeLength);
  if (metadata.length > 0) out.field(3, metadata);
  if (data.length > 0) out.field(4, data);
  return out.done();
}

const CONTENT_TYPE = 'content-type';
const TYPE = 'type';

const EMPTY = new Uint8Array(0);

/** As the client: a `Uint8Array` as it is, anything else given as JSON, nothing when absent. */
function customMetadataBytes(metadata: EventData['metadata']): Uint8Array {
  if (!metadata) return EMPTY;
  if (metadata.constructor === Uint8Array) return metadata;
  return Buffer.from(JSON.stringify(metadata), 'utf8');
}

function dataBytes(event: EventData): Uint8Array {
  if (event.contentType === 'application/json') return Buffer.from(JSON.stringify(event.data), 'utf8');
  return event.data;
}

/** `UUID` in its string form (field 2). */
function uuidBytes(id: string): Buffer {
  const length = Buffer.byteLength(id);
  return new Out(fieldSize(length)).text(2, id, length).done();
}

/**
 * `BatchAppendReq.Options`: the stream (`StreamIdentifier`, its name's bytes in field 3), the
 * expected revision (`stream_position` 2, `no_stream` 3, `any` 4, `stream_exists` 5) and the
 * deadline (`google.protobuf.Timestamp`, 6).
 */
function optionsBytes(streamName: string, expected: AppendExpectedRevision, deadline: Date): Buffer {
  const nameLength = Buffer.byteLength(streamName);
  const identifier = new Out(nameLength > 0 ? fieldSize(nameLength) : 0);
  if (nameLength > 0) identifier.text(3, streamName, nameLength);
  const stream = identifier.done();
  const millis = deadline.getTime();
  const seconds = Math.floor(millis / 1000);
  const nanos = (millis % 1000) * 1_000_000;
  const timestampSize = (seconds !== 0 ? 1 + varintSize(seconds) : 0) + (nanos !== 0 ? 1 + varintSize(nanos) : 0);
  const position = typeof expected === 'bigint' ? expected : undefined;
  const size =
    fieldSize(stream.length) + (position === undefined ? 2 : 1 + bigVarintSize(position)) + fieldSize(timestampSize);
  const out = new Out(size).field(1, stream);
  if (position !== undefined) out.tag(2, VARINT).bigVarint(position);
  else out.tag(expected === 'no_stream' ? 3 : expected === 'any' ? 4 : 5, LENGTH).varint(0);
  out.tag(6, LENGTH).varint(timestampSize);
  if (seconds !== 0) out.tag(1, VARINT).varint(seconds);
  if (nanos !== 0) out.tag(2, VARINT).varint(nanos);
  return out.done();
}

/**
 * A `BatchAppendResp`: a success that carries its correlation id in string form, read by hand into
 * the client's `AppendResult`; anything else (an error, a structured id) as the client's generated
 * message, for the client's own handling.
 */
export type BatchAppendResponse =
  | Readonly<{ kind: 'success'; correlationId: string; result: AppendResult }>
  | Readonly<{ kind: 'generated'; resp: BatchAppendResp }>;

export function decodeBatchAppendResp(bytes: Uint8Array): BatchAppendResponse {
  const r = new WireReader(bytes);
  let correlationId: string | undefined;
  let result: AppendResult | undefined;
  while (r.more()) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === LENGTH) correlationId = stringUuid(r.sub());
    else if (field === 2 && (tag & 7) === LENGTH) {
      r.sub();
      result = undefined;
    } else if (field === 3 && (tag & 7) === LENGTH) result = readSuccess(r.sub());
    else r.skip(tag);
  }
  return correlationId !== undefined && result !== undefined
    ? { kind: 'success', correlationId, result }
    : { kind: 'generated', resp: BatchAppendResp.deserializeBinary(bytes) };
}

/** A `UUID`'s string form; undefined when it is structured or has neither (the client's way then). */
function stringUuid(r: WireReader): string | undefined {
  const [id, structured] = readUuid(r);
  return structured === undefined && id !== '' ? id : undefined;
}

/**
 * `BatchAppendResp.Success` as the client reads it: the current revision (0 when absent or
 * `no_stream`), the position when one is given (`no_position` clears it).
 */
function readSuccess(r: WireReader): AppendResult {
  let revision = 0n;
  let position: Position | undefined;
  while (r.more()) {
    const tag = r.uint32();
    const wire = tag & 7;
    const field = tag >>> 3;
    if (field === 1 && wire === VARINT) revision = r.uint64();
    else if (field === 2 && wire === LENGTH) {
      r.sub();
      revision = 0n;
    } else if (field === 3 && wire === LENGTH) position = readPosition(r.sub());
    else if (field === 4 && wire === LENGTH) {
      r.sub();
      position = undefined;
    } else r.skip(tag);
  }
  return { success: true, nextExpectedRevision: revision, position };
}
