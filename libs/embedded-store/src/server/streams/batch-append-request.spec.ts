import { StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { BatchAppendReq } from '@eventstore/db-client/generated/streams_pb';
import { Empty } from 'google-protobuf/google/protobuf/empty_pb';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import fc from 'fast-check';
import { fromMessage, readBatchAppendRequest, type BatchAppendRequest } from './batch-append-request';

/** What the handler reads of a request, comparable: the correlation id as its bytes, metadata as entries. */
function seen(request: BatchAppendRequest, metadataKeys: readonly string[]) {
  return {
    correlationId:
      request.correlationId === undefined
        ? undefined
        : Buffer.from(request.correlationId.serializeBinary()).toString('hex'),
    options:
      request.options === undefined
        ? undefined
        : {
            ...request.options,
            streamName:
              request.options.streamName === undefined
                ? undefined
                : Buffer.from(request.options.streamName).toString('hex'),
          },
    messages: request.messages.map((m) => ({
      id: m.id,
      metadata: metadataKeys.map((key) => [key, m.metadata.get(key)]),
      customMetadata: Buffer.from(m.customMetadata).toString('hex'),
      data: Buffer.from(m.data).toString('hex'),
    })),
    isFinal: request.isFinal,
  };
}

/** What the store read before: the generated class's `deserializeBinary`. */
const generated = (bytes: Uint8Array) => fromMessage(BatchAppendReq.deserializeBinary(bytes));

const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String);
const uuid = fc.oneof(
  fc.uuid().map((id) => new UUID().setString(id)),
  fc.string().map((text) => new UUID().setString(text)),
  fc
    .tuple(int64, int64)
    .map(([most, least]) =>
      new UUID().setStructured(new UUID.Structured().setMostSignificantBits(most).setLeastSignificantBits(least)),
    ),
  fc.constant(new UUID()),
);
const METADATA_KEYS = ['type', 'content-type', 'created', 'other', ''];
const bytes = fc.uint8Array({ maxLength: 64 });
const proposed = fc
  .record({
    id: fc.option(uuid, { nil: undefined }),
    metadata: fc.array(fc.tuple(fc.constantFrom(...METADATA_KEYS), fc.string()), { maxLength: 4 }),
    customMetadata: bytes,
    data: bytes,
  })
  .map(({ id, metadata, customMetadata, data }) => {
    const message = new BatchAppendReq.ProposedMessage().setCustomMetadata(customMetadata).setData(data);
    if (id !== undefined) message.setId(id);
    for (const [key, value] of metadata) message.getMetadataMap().set(key, value);
    return message;
  });
const options = fc
  .record({
    stream: fc.option(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' })), { nil: undefined }),
    expected: fc.oneof(
      fc.constantFrom('none', 'no_stream', 'any', 'stream_exists'),
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
    ),
    deadline: fc.option(
      fc.record({ seconds: fc.integer({ min: -1e12, max: 1e13 }), nanos: fc.integer({ min: 0, max: 999_999_999 }) }),
      { nil: undefined },
    ),
  })
  .map(({ stream, expected, deadline }) => {
    const message = new BatchAppendReq.Options();
    if (stream !== undefined) message.setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(stream)));
    if (expected === 'no_stream') message.setNoStream(new Empty());
    else if (expected === 'any') message.setAny(new Empty());
    else if (expected === 'stream_exists') message.setStreamExists(new Empty());
    else if (expected !== 'none') message.setStreamPosition(expected);
    if (deadline !== undefined)
      message.setDeadline(new Timestamp().setSeconds(deadline.seconds).setNanos(deadline.nanos));
    return message;
  });
const request = fc
  .record({
    correlationId: fc.option(uuid, { nil: undefined }),
    options: fc.option(options, { nil: undefined }),
    messages: fc.array(proposed, { maxLength: 4 }),
    isFinal: fc.boolean(),
  })
  .map(({ correlationId, options: given, messages, isFinal }) => {
    const message = new BatchAppendReq().setProposedMessagesList(messages).setIsFinal(isFinal);
    if (correlationId !== undefined) message.setCorrelationId(correlationId);
    if (given !== undefined) message.setOptions(given);
    return message.serializeBinary();
  });

/** A field of a message: its tag and the bytes after it (length-prefixed for wire type 2). */
function field(number: number, wire: number, value: Uint8Array | number): Uint8Array {
  const varint = (n: number): number[] => {
    const out: number[] = [];
    while (n > 0x7f) {
      out.push((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    out.push(n);
    return out;
  };
  const tag = varint((number << 3) | wire);
  if (typeof value === 'number') return Uint8Array.from([...tag, ...varint(value)]);
  return Uint8Array.from([...tag, ...varint(value.length), ...value]);
}

describe('readBatchAppendRequest', () => {
  it('reads what the generated BatchAppendReq reads, for any request the generated classes write', () => {
    const deserialize = jest.spyOn(BatchAppendReq, 'deserializeBinary');
    try {
      fc.assert(
        fc.property(request, (bytes) => {
          deserialize.mockClear();
          const ours = seen(readBatchAppendRequest(Buffer.from(bytes)), METADATA_KEYS);
          // Read by hand, not handed to the generated class.
          expect(deserialize).not.toHaveBeenCalled();
          expect(ours).toEqual(seen(generated(bytes), METADATA_KEYS));
        }),
        { numRuns: 2_000, seed: 26 },
      );
    } finally {
      deserialize.mockRestore();
    }
  });

  it('reads members given twice, oneofs changed, map keys repeated and unknown fields as the generated class does', () => {
    // Requests written as several requests' bytes one after the other (protobuf's merge of
    // concatenated messages), with unknown fields of every wire type mixed in.
    const unknown = fc.constantFrom(
      field(15, 0, 300),
      field(16, 2, Uint8Array.from([1, 2, 3])),
      Uint8Array.from([0x7d, 1, 2, 3, 4]), // field 15, fixed32
      Uint8Array.from([0x79, 1, 2, 3, 4, 5, 6, 7, 8]), // field 15, fixed64
    );
    const messy = fc
      .array(fc.oneof(request, unknown), { minLength: 1, maxLength: 4 })
      .map((parts) => Buffer.concat(parts.map((p) => Buffer.from(p))));
    fc.assert(
      fc.property(messy, (bytes) => {
        expect(seen(readBatchAppendRequest(bytes), METADATA_KEYS)).toEqual(seen(generated(bytes), METADATA_KEYS));
      }),
      { numRuns: 1_000, seed: 26 },
    );
  });

  it('reads a oneof member set after another, inside the options and the ids', () => {
    const options = Buffer.concat([
      field(2, 0, 7), // stream_position 7
      field(4, 2, new Uint8Array(0)), // then any
      field(1, 2, field(3, 2, Buffer.from('s-1'))),
    ]);
    const id = Buffer.concat([field(2, 2, Buffer.from('x')), field(1, 2, field(1, 0, 5))]);
    const bytes = Buffer.concat([field(2, 2, options), field(1, 2, id), field(4, 0, 1)]);
    const read = readBatchAppendRequest(bytes);
    expect(read.options).toMatchObject({ expectedCase: 4, streamPosition: '0' });
    expect(seen(read, METADATA_KEYS)).toEqual(seen(generated(bytes), METADATA_KEYS));
  });

  it('hands what it does not read as the generated class would (a known field of another wire type) to that class', () => {
    // is_final as a length-delimited field: the generated class decides what it means.
    const bytes = Buffer.concat([field(4, 2, Uint8Array.from([1]))]);
    let theirs: unknown;
    let thrown: unknown;
    try {
      theirs = seen(generated(bytes), METADATA_KEYS);
    } catch (error) {
      thrown = error;
    }
    if (thrown === undefined) expect(seen(readBatchAppendRequest(bytes), METADATA_KEYS)).toEqual(theirs);
    else expect(() => readBatchAppendRequest(bytes)).toThrow();
  });

  it('refuses malformed bytes as the generated class does', () => {
    const truncated = Buffer.from([0x12, 0x05, 0x0a]); // options of 5 bytes, 1 given
    expect(() => BatchAppendReq.deserializeBinary(truncated)).toThrow();
    expect(() => readBatchAppendRequest(truncated)).toThrow();
  });
});
