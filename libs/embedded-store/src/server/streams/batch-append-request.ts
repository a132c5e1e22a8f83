import { UUID } from '@eventstore/db-client/generated/shared_pb';
import { BatchAppendReq } from '@eventstore/db-client/generated/streams_pb';
import { LENGTH, VARINT, WireReader } from '@heed/wire';
import { type UuidFields, uuidFieldsOf } from '../wire-format';

/** `BatchAppendReq.Options`, as the handler reads them. */
export interface AppendOptions {
  /** The stream identifier's `stream_name` bytes; undefined when the request has no identifier. */
  readonly streamName: Uint8Array | undefined;
  /** The `expected_stream_position` case: 0 unset, 2 a revision, 3 no stream, 4 any, 5 stream exists. */
  readonly expectedCase: number;
  /** The expected revision when `expectedCase` is 2 (decimal, as jspb reads a uint64). */
  readonly streamPosition: string;
  /** `deadline_21_10_0`, an instant. */
  readonly deadline: { readonly seconds: number; readonly nanos: number } | undefined;
}

/** `BatchAppendReq.ProposedMessage`, as the handler reads it. */
export interface ProposedMessageFields {
  readonly id: UuidFields | undefined;
  /** Its metadata entries by key (`type`, `content-type`…). */
  readonly metadata: { get(key: string): string | undefined };
  readonly customMetadata: Uint8Array;
  readonly data: Uint8Array;
}

/** One request of a `Streams.BatchAppend` call. */
export interface BatchAppendRequest {
  /** A message (the error answers are built with the generated classes and carry it back). */
  readonly correlationId: UUID | undefined;
  readonly options: AppendOptions | undefined;
  readonly messages: readonly ProposedMessageFields[];
  readonly isFinal: boolean;
}

/**
 * The store's reading of a `BatchAppendReq` from its bytes (the `requestDeserialize` of its
 * `BatchAppend` method), in one pass without google-protobuf's message graph: the generated
 * classes' `deserializeBinary` and getters were about a tenth of the store's CPU per appended
 * event. Field for field what `BatchAppendReq.deserializeBinary` reads (held to it by
 * `batch-append-request.spec.ts`): a message field or scalar given twice is the last one, a
 * `oneof` the member given last, metadata entries a map whose later keys win, unknown fields
 * skipped. Bytes it does not read as the generated message would (a known field of another wire
 * type, anything malformed) are handed to `deserializeBinary` itself, which decides as before.
 */
export function readBatchAppendRequest(bytes: Uint8Array): BatchAppendRequest {
  try {
    return decode(new WireReader(bytes));
  } catch {
    return fromMessage(BatchAppendReq.deserializeBinary(bytes));
  }
}

/** A request already read by the generated classes. */
export function fromMessage(request: BatchAppendReq): BatchAppendRequest {
  const options = request.getOptions();
  return {
    correlationId: request.getCorrelationId(),
    options:
      options === undefined
        ? undefined
        : {
            streamName: options.getStreamIdentifier()?.getStreamName_asU8(),
            expectedCase: options.getExpectedStreamPositionCase(),
            streamPosition: options.getStreamPosition(),
            deadline: deadlineOf(options.getDeadline()),
          },
    messages: request.getProposedMessagesList().map(proposedMessageFieldsOf),
    isFinal: request.getIsFinal(),
  };
}

/** The fields of a generated `ProposedMessage` (of `BatchAppendReq` or `AppendReq`). */
export function proposedMessageFieldsOf(message: {
  getId(): UUID | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getCustomMetadata_asU8(): Uint8Array;
  getData_asU8(): Uint8Array;
}): ProposedMessageFields {
  return {
    id: uuidFieldsOf(message.getId()),
    metadata: message.getMetadataMap(),
    customMetadata: message.getCustomMetadata_asU8(),
    data: message.getData_asU8(),
  };
}

function deadlineOf(timestamp: { getSeconds(): number; getNanos(): number } | undefined): AppendOptions['deadline'] {
  return timestamp === undefined ? undefined : { seconds: timestamp.getSeconds(), nanos: timestamp.getNanos() };
}

/** Thrown where the generated message would read the bytes otherwise: it reads them instead. */
class NotRead extends Error {}

function decode(r: WireReader): BatchAppendRequest {
  let correlation: UuidFields | undefined;
  let options: AppendOptions | undefined;
  const messages: ProposedMessageFields[] = [];
  let isFinal = false;
  while (r.more()) {
    const tag = r.uint32();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        correlation = readUuid(expectSub(r, wire));
        continue;
      case 2:
        options = readOptions(expectSub(r, wire));
        continue;
      case 3:
        messages.push(readProposedMessage(expectSub(r, wire)));
        continue;
      case 4:
        if (wire !== VARINT) throw new NotRead();
        isFinal = r.uint64() !== 0n;
        continue;
    }
    r.skip(tag);
  }
  return {
    correlationId: correlation === undefined ? undefined : uuidMessage(correlation),
    options,
    messages,
    isFinal,
  };
}

function expectSub(r: WireReader, wire: number): WireReader {
  if (wire !== LENGTH) throw new NotRead();
  return r.sub();
}

function readOptions(r: WireReader): AppendOptions {
  let streamName: Uint8Array | undefined;
  let expectedCase = 0;
  let streamPosition = '0';
  let deadline: AppendOptions['deadline'];
  while (r.more()) {
    const tag = r.uint32();
    const wire = tag & 7;
    const field = tag >>> 3;
    switch (field) {
      case 1:
        streamName = readStreamName(expectSub(r, wire));
        continue;
      case 2:
        if (wire !== VARINT) throw new NotRead();
        streamPosition = r.uint64().toString();
        expectedCase = 2;
        continue;
      case 3:
      case 4:
      case 5:
        skipEmpty(expectSub(r, wire));
        // Setting another member of the `oneof` clears the revision, as jspb's setters do.
        streamPosition = '0';
        expectedCase = field;
        continue;
      case 6:
        deadline = readTimestamp(expectSub(r, wire));
        continue;
    }
    r.skip(tag);
  }
  return { streamName, expectedCase, streamPosition, deadline };
}

/** `StreamIdentifier`: its `stream_name` (3), empty when absent. */
function readStreamName(r: WireReader): Uint8Array {
  let name: Uint8Array = EMPTY_BYTES;
  while (r.more()) {
    const tag = r.uint32();
    if (tag >>> 3 === 3) name = bytesOf(r, tag & 7);
    else r.skip(tag);
  }
  return name;
}

/** `google.protobuf.Empty`: only unknown fields, skipped. */
function skipEmpty(r: WireReader): void {
  while (r.more()) r.skip(r.uint32());
}

/** `google.protobuf.Timestamp`: `seconds` (int64, as a number) and `nanos` (int32). */
function readTimestamp(r: WireReader): { seconds: number; nanos: number } {
  let seconds = 0;
  let nanos = 0;
  while (r.more()) {
    const tag = r.uint32();
    const wire = tag & 7;
    if (tag >>> 3 === 1) {
      if (wire !== VARINT) throw new NotRead();
      seconds = Number(BigInt.asIntN(64, r.uint64()));
    } else if (tag >>> 3 === 2) {
      if (wire !== VARINT) throw new NotRead();
      nanos = r.int32();
    } else r.skip(tag);
  }
  return { seconds, nanos };
}

function readProposedMessage(r: WireReader): ProposedMessageFields {
  let id: UuidFields | undefined;
  const metadata = new Map<string, string>();
  let customMetadata: Uint8Array = EMPTY_BYTES;
  let data: Uint8Array = EMPTY_BYTES;
  while (r.more()) {
    const tag = r.uint32();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        id = readUuid(expectSub(r, wire));
        continue;
      case 2: {
        const [key, value] = readMapEntry(expectSub(r, wire));
        metadata.set(key, value);
        continue;
      }
      case 3:
        customMetadata = bytesOf(r, wire);
        continue;
      case 4:
        data = bytesOf(r, wire);
        continue;
    }
    r.skip(tag);
  }
  return { id, metadata, customMetadata, data };
}

/** `UUID`: the member of its `oneof` given last (`structured` 1, `string` 2). */
function readUuid(r: WireReader): UuidFields {
  let structured: readonly [string, string] | undefined;
  let text: string | undefined;
  while (r.more()) {
    const tag = r.uint32();
    const wire = tag & 7;
    if (tag >>> 3 === 1) {
      structured = readStructured(expectSub(r, wire));
      text = undefined;
    } else if (tag >>> 3 === 2) {
      if (wire !== LENGTH) throw new NotRead();
      text = r.string();
      structured = undefined;
    } else r.skip(tag);
  }
  return { structured, text };
}

function readStructured(r: WireReader): readonly [string, string] {
  let most = 0n;
  let least = 0n;
  while (r.more()) {
    const tag = r.uint32();
    const wire = tag & 7;
    const field = tag >>> 3;
    if (field === 1 || field === 2) {
      if (wire !== VARINT) throw new NotRead();
      const value = BigInt.asIntN(64, r.uint64());
      if (field === 1) most = value;
      else least = value;
    } else r.skip(tag);
  }
  return [most.toString(), least.toString()];
}

/** A `map<string, string>` entry: key 1 and value 2, each empty when absent. */
function readMapEntry(r: WireReader): [string, string] {
  let key = '';
  let value = '';
  while (r.more()) {
    const tag = r.uint32();
    const wire = tag & 7;
    if (tag >>> 3 === 1) {
      if (wire !== LENGTH) throw new NotRead();
      key = r.string();
    } else if (tag >>> 3 === 2) {
      if (wire !== LENGTH) throw new NotRead();
      value = r.string();
    } else r.skip(tag);
  }
  return [key, value];
}

/** A `bytes` field: a view of the request's bytes, as the generated getters' `_asU8` give it. */
function bytesOf(r: WireReader, wire: number): Uint8Array {
  if (wire !== LENGTH) throw new NotRead();
  const [start, end] = r.span();
  return r.bytes.subarray(start, end);
}

const EMPTY_BYTES = new Uint8Array(0);

/** The correlation id as a generated message: the answers carry it back. */
function uuidMessage(fields: UuidFields): UUID {
  const message = new UUID();
  if (fields.structured === undefined) return fields.text === undefined ? message : message.setString(fields.text);
  return message.setStructured(
    new UUID.Structured().setMostSignificantBits(fields.structured[0]).setLeastSignificantBits(fields.structured[1]),
  );
}
