import { Writable } from 'node:stream';
import {
  binaryEvent,
  jsonEvent,
  type AppendExpectedRevision,
  type AppendResult,
  type EventData,
} from '@eventstore/db-client';
import { batchAppend } from '@eventstore/db-client/dist/streams/appendToStream/batchAppend';
import { AllStreamPosition, Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import fc from 'fast-check';
import { decodeBatchAppendResp, encodeBatchAppend, isEncodable, isEncodableRevision } from './append-codec';

/**
 * The requests the client's own `batchAppend` writes for an append: it runs against a stand-in
 * gRPC stream that keeps what is written, with the deadline fixed.
 */
async function clientRequests(
  streamName: string,
  events: EventData[],
  expectedRevision: AppendExpectedRevision,
  deadline: Date,
  batchAppendSize: number,
): Promise<BatchAppendReq[]> {
  const written: BatchAppendReq[] = [];
  let finished!: () => void;
  const final = new Promise<void>((resolve) => (finished = resolve));
  const stream = new Writable({
    objectMode: true,
    write(request: BatchAppendReq, _encoding, done) {
      written.push(request);
      if (request.getIsFinal()) finished();
      done();
    },
  });
  const client = {
    GRPCStreamCreator: (_class: unknown, _name: string, create: (grpc: unknown) => unknown) => async () =>
      create({ batchAppend: () => stream }),
    callArguments: () => [],
    createDeadline: () => deadline,
    throwOnAppendFailure: true,
  };
  void (batchAppend as (...args: unknown[]) => Promise<AppendResult>).call(client, streamName, events, {
    expectedRevision,
    batchAppendSize,
  });
  await final;
  return written;
}

const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('', 'customer-ü-1'));
const metadata = fc.oneof(
  fc.constant(undefined),
  fc.dictionary(fc.string(), fc.jsonValue()),
  fc.uint8Array({ maxLength: 30 }),
  fc.uint8Array({ maxLength: 30 }).map((bytes) => Buffer.from(bytes)),
);
const event: fc.Arbitrary<EventData> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({ id: fc.uuid(), type: text, data: fc.dictionary(fc.string(), fc.jsonValue()), metadata })
      .map(({ id, type, data, metadata }) => jsonEvent({ id, type, data, metadata: metadata as never })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ id: fc.uuid(), type: text, data: fc.uint8Array({ maxLength: 60 }), metadata })
      .map(({ id, type, data, metadata }) => binaryEvent({ id, type, data, metadata: metadata as never })),
  },
);
const expected: fc.Arbitrary<AppendExpectedRevision> = fc.oneof(
  fc.constantFrom('any' as const, 'no_stream' as const, 'stream_exists' as const),
  fc.bigInt({ min: 0n, max: 1000n }),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
);
const deadline = fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms));
const batchSize = fc.oneof(fc.integer({ min: 1, max: 400 }), fc.constant(3 * 1024 * 1024));

describe('encodeBatchAppend', () => {
  it("writes the client's requests byte for byte, split where the client splits them", async () => {
    let split = 0;
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.array(event, { minLength: 1, maxLength: 8 }),
        expected,
        deadline,
        batchSize,
        async (stream, events, revision, at, maxBatchSize) => {
          const theirs = await clientRequests(stream, events, revision, at, maxBatchSize);
          const correlationId = theirs[0]!.getCorrelationId()!.getString();
          const ours = encodeBatchAppend(correlationId, stream, events, revision, at, maxBatchSize);
          expect(ours.map((bytes) => Buffer.from(bytes).toString('hex'))).toEqual(
            theirs.map((request) => Buffer.from(request.serializeBinary()).toString('hex')),
          );
          if (ours.length > 1) split++;
        },
      ),
      { numRuns: 1_000, seed: 26 },
    );
    expect(split).toBeGreaterThan(100);
  });

  it('takes only the expected revisions it writes as the client does', () => {
    for (const revision of ['any', 'no_stream', 'stream_exists', 0n, 2n ** 64n - 1n] as const) {
      expect(isEncodableRevision(revision)).toBe(true);
    }
    for (const revision of [-1n, 2n ** 64n, 'latest']) {
      expect(isEncodableRevision(revision as AppendExpectedRevision)).toBe(false);
    }
  });

  it('takes only the events it writes as the client does', () => {
    expect(isEncodable(jsonEvent({ type: 'T', data: { a: 1 } }))).toBe(true);
    expect(isEncodable(binaryEvent({ type: 'T', data: Uint8Array.from([1]) }))).toBe(true);
    const base64 = { ...binaryEvent({ type: 'T', data: Uint8Array.from([1]) }), data: 'AQ==' };
    expect(isEncodable(base64 as unknown as EventData)).toBe(false);
    const other = { ...jsonEvent({ type: 'T', data: {} }), contentType: 'text/plain' };
    expect(isEncodable(other as unknown as EventData)).toBe(false);
  });
});

/** A response as the client reads it in `batchAppend` (its success branch). */
function clientResult(resp: BatchAppendResp): AppendResult {
  const success = resp.getSuccess()!;
  const position = success.getPosition();
  return {
    success: true,
    nextExpectedRevision: BigInt(success.getCurrentRevision()),
    position: position
      ? { commit: BigInt(position.getCommitPosition()), prepare: BigInt(position.getPreparePosition()) }
      : undefined,
  };
}

const uint64 = fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }));

const response = fc
  .record({
    id: fc.oneof({ weight: 5, arbitrary: fc.uuid() }, { weight: 1, arbitrary: fc.constant('structured') }),
    revision: fc.oneof(uint64, fc.constantFrom('none' as const, 'no_stream' as const)),
    position: fc.oneof(
      fc.tuple(uint64, uint64),
      fc.constantFrom('none' as const, 'no_position' as const, 'empty' as const),
    ),
    stream: fc.oneof(text, fc.constant(undefined)),
  })
  .map((spec) => {
    const resp = new BatchAppendResp();
    const id = new UUID();
    if (spec.id === 'structured') {
      const structured = new UUID.Structured();
      structured.setMostSignificantBits('12');
      structured.setLeastSignificantBits('-3');
      id.setStructured(structured);
    } else id.setString(spec.id);
    resp.setCorrelationId(id);
    const success = new BatchAppendResp.Success();
    if (spec.revision === 'no_stream') success.setNoStream(new Empty());
    else if (spec.revision !== 'none') success.setCurrentRevision(spec.revision.toString());
    if (spec.position === 'no_position') success.setNoPosition(new Empty());
    else if (spec.position === 'empty') success.setPosition(new AllStreamPosition());
    else if (spec.position !== 'none') {
      const position = new AllStreamPosition();
      position.setCommitPosition(spec.position[0].toString());
      position.setPreparePosition(spec.position[1].toString());
      success.setPosition(position);
    }
    resp.setSuccess(success);
    if (spec.stream !== undefined) {
      const identifier = new StreamIdentifier();
      identifier.setStreamName(new TextEncoder().encode(spec.stream));
      resp.setStreamIdentifier(identifier);
    }
    return { spec, bytes: resp.serializeBinary() };
  });

describe('decodeBatchAppendResp', () => {
  it('reads a success as the client does, and leaves everything else to the client', () => {
    let fast = 0;
    fc.assert(
      fc.property(response, ({ spec, bytes }) => {
        const decoded = decodeBatchAppendResp(Buffer.from(bytes));
        const resp = BatchAppendResp.deserializeBinary(bytes);
        if (spec.id === 'structured') {
          expect(decoded).toMatchObject({ kind: 'generated' });
          return;
        }
        expect(decoded).toStrictEqual({
          kind: 'success',
          correlationId: resp.getCorrelationId()!.getString(),
          result: clientResult(resp),
        });
        fast++;
      }),
      { numRuns: 1_000, seed: 26 },
    );
    expect(fast).toBeGreaterThan(700);
  });

  it('hands an error to the client as its generated message, and keeps the result given last', () => {
    const error = new BatchAppendResp();
    const id = new UUID();
    id.setString('a2d4c3e1-0000-4000-8000-000000000001');
    error.setCorrelationId(id);
    const status = new BatchAppendResp().setSuccess(new BatchAppendResp.Success().setCurrentRevision('4'));
    // An error given after a success wins, as in the generated message (a `oneof`).
    const errorBytes = Uint8Array.from([...status.serializeBinary(), ...error.serializeBinary(), 0x12, 0x00]);
    const decoded = decodeBatchAppendResp(Buffer.from(errorBytes));
    expect(decoded.kind).toBe('generated');
    if (decoded.kind === 'generated') {
      expect(decoded.resp.hasError()).toBe(true);
      expect(decoded.resp.getCorrelationId()!.getString()).toBe('a2d4c3e1-0000-4000-8000-000000000001');
    }
    const successLast = Uint8Array.from([...error.serializeBinary(), 0x12, 0x00, ...status.serializeBinary()]);
    expect(decodeBatchAppendResp(Buffer.from(successLast))).toStrictEqual({
      kind: 'success',
      correlationId: 'a2d4c3e1-0000-4000-8000-000000000001',
      result: { success: true, nextExpectedRevision: 4n, position: undefined },
    });
  });
});
