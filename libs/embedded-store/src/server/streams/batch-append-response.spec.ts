import { AllStreamPosition, UUID } from '@eventstore/db-client/generated/shared_pb';
import { BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import { Empty } from 'google-protobuf/google/protobuf/empty_pb';
import fc from 'fast-check';
import { streamIdentifier } from '../wire-format';
import { encodeAppendSuccess, type AppendSuccess } from './batch-append-response';

/** The success response as the generated classes build it (how the store answered before). */
function generated(answer: AppendSuccess): Uint8Array {
  const message = new BatchAppendResp()
    .setCorrelationId(answer.correlationId)
    .setStreamIdentifier(streamIdentifier(answer.stream));
  const expected = answer.expected;
  if (expected === 'any') message.setAny(new Empty());
  else if (expected === 'no_stream') message.setNoStream(new Empty());
  else if (expected === 'stream_exists') message.setStreamExists(new Empty());
  else message.setStreamPosition(String(expected));
  const result = new BatchAppendResp.Success();
  if (answer.revision < 0) result.setNoStream(new Empty());
  else result.setCurrentRevision(String(answer.revision));
  if (!answer.wroteEvents) result.setNoPosition(new Empty());
  else
    result.setPosition(
      new AllStreamPosition().setCommitPosition(String(answer.position)).setPreparePosition(String(answer.position)),
    );
  return message.setSuccess(result).serializeBinary();
}

const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const correlationId = fc.oneof(
  fc.uuid().map((id) => new UUID().setString(id)),
  fc
    .tuple(int64, int64)
    .map(([most, least]) =>
      new UUID().setStructured(
        new UUID.Structured().setMostSignificantBits(String(most)).setLeastSignificantBits(String(least)),
      ),
    ),
);
const safe = fc.oneof(fc.constantFrom(0, 1, 127, 128, 16_383, 16_384), fc.nat(), fc.maxSafeNat());
const answer: fc.Arbitrary<AppendSuccess> = fc.record({
  correlationId,
  stream: fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('', 'customer-ü-1')),
  expected: fc.oneof(fc.constantFrom('any' as const, 'no_stream' as const, 'stream_exists' as const), safe),
  revision: fc.oneof(fc.constant(-1), safe),
  position: safe,
  wroteEvents: fc.boolean(),
});

describe('encodeAppendSuccess', () => {
  it('writes the bytes the generated BatchAppendResp gives for the same success', () => {
    let structured = 0;
    fc.assert(
      fc.property(answer, (success) => {
        expect(Buffer.from(encodeAppendSuccess(success).serializeBinary()).toString('hex')).toBe(
          Buffer.from(generated(success)).toString('hex'),
        );
        if (success.correlationId.hasStructured()) structured++;
      }),
      { numRuns: 2_000, seed: 26 },
    );
    expect(structured).toBeGreaterThan(500);
  });

  it('is a BatchAppendResp to grpc-js, and reads back as one', () => {
    const encoded = encodeAppendSuccess({
      correlationId: new UUID().setString('0b5c3e0e-4b8a-4b35-9d7e-7e0c1f2a3b4c'),
      stream: 'customer-ada',
      expected: 'any',
      revision: 4,
      position: 1_234,
      wroteEvents: true,
    });
    expect(encoded).toBeInstanceOf(BatchAppendResp);
    const read = BatchAppendResp.deserializeBinary(encoded.serializeBinary());
    expect(read.getSuccess()!.getCurrentRevision()).toBe('4');
    expect(read.getSuccess()!.getPosition()!.getCommitPosition()).toBe('1234');
    expect(read.getCorrelationId()!.getString()).toBe('0b5c3e0e-4b8a-4b35-9d7e-7e0c1f2a3b4c');
  });
});
