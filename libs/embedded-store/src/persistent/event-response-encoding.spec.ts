import fc from 'fast-check';

import { encodeEventResponse } from './event-response-encoding';
import { type GroupMessage } from './group-message';
import { type StoredRecord } from './stored-record';
import { eventResponse } from './subscription-responses';

const uint64 = fc.oneof(
  fc.constant(0n),
  fc.bigInt({ min: 0n, max: 1000n }),
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
);

const storedRecord = fc.record({
  id: fc.uuid(),
  streamId: fc.oneof(fc.constant(''), fc.string(), fc.constant('$ce-customer'), fc.string({ unit: 'grapheme' })),
  revision: uint64,
  type: fc.oneof(fc.constant('$>'), fc.string({ unit: 'grapheme' })),
  isJson: fc.boolean(),
  data: fc.uint8Array({ maxLength: 300 }),
  metadata: fc.uint8Array({ maxLength: 200 }),
  created: fc.bigInt({ min: 0n, max: 1n << 62n }),
  position: fc.record({ commit: uint64, prepare: uint64 }),
}) as fc.Arbitrary<StoredRecord>;

const groupMessage = fc
  .record({
    event: fc.option(storedRecord, { nil: undefined }),
    link: fc.option(storedRecord, { nil: undefined }),
    retryCount: fc.nat({ max: 100_000 }),
  })
  .filter(({ event, link }) => event !== undefined || link !== undefined)
  .map(({ event, link, retryCount }): GroupMessage => ({
    id: (link ?? event)!.id,
    record: { event, link },
    sequence: 0,
    position: undefined,
    previousPosition: undefined,
    retryCount,
    pinKey: 'k',
  }));

describe('encodeEventResponse', () => {
  it('gives the bytes the generated ReadResp gives for the same event, link, ids and retry count', () => {
    fc.assert(
      fc.property(groupMessage, fc.boolean(), (message, structuredIds) => {
        const expected = Buffer.from(eventResponse(message, structuredIds).serializeBinary());

        const encoded = Buffer.from(encodeEventResponse(message, structuredIds).serializeBinary());

        expect(encoded.toString('hex')).toBe(expected.toString('hex'));
      }),
      { numRuns: 500 },
    );
  });
});
