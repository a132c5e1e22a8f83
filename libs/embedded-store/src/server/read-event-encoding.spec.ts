import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import fc from 'fast-check';

import { encodeReadEvent, type WireReadEvent, type WireRecord } from './read-event-encoding';
import { streamIdentifier, uuidMessage } from './wire-format';

const uint64 = fc.oneof(
  fc.constant(0n),
  fc.bigInt({ min: 0n, max: 1000n }),
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
);

const wireRecord: fc.Arbitrary<WireRecord> = fc.record({
  id: fc.uuid(),
  streamName: fc.oneof(fc.constant(''), fc.string(), fc.constant('customer-42'), fc.string({ unit: 'grapheme' })),
  revision: uint64,
  preparePosition: uint64,
  commitPosition: uint64,
  type: fc.oneof(fc.constant('$>'), fc.string({ unit: 'grapheme' })),
  contentType: fc.constantFrom('application/json', 'application/octet-stream', ''),
  created: fc.bigInt({ min: 0n, max: 1n << 62n }).map(String),
  metadata: fc.uint8Array({ maxLength: 200 }),
  data: fc.uint8Array({ maxLength: 300 }),
});

/** The same content through the generated message classes: what grpc-js would otherwise send. */
const generated = (readEvent: WireReadEvent, structuredIds: boolean): Uint8Array => {
  const recorded = (r: WireRecord) => {
    const message = new ReadResp.ReadEvent.RecordedEvent()
      .setId(uuidMessage(r.id, structuredIds))
      .setStreamIdentifier(streamIdentifier(r.streamName))
      .setStreamRevision(r.revision.toString())
      .setPreparePosition(r.preparePosition.toString())
      .setCommitPosition(r.commitPosition.toString())
      .setData(r.data)
      .setCustomMetadata(r.metadata);
    const metadata = message.getMetadataMap();
    metadata.set('type', r.type);
    metadata.set('content-type', r.contentType);
    metadata.set('created', r.created);
    return message;
  };
  const message = new ReadResp.ReadEvent().setCommitPosition(readEvent.commitPosition.toString());
  if (readEvent.event) message.setEvent(recorded(readEvent.event));
  if (readEvent.link) message.setLink(recorded(readEvent.link));
  return new ReadResp().setEvent(message).serializeBinary();
};

describe('encodeReadEvent', () => {
  it('gives the bytes the generated Streams ReadResp gives for the same event, link and ids', () => {
    fc.assert(
      fc.property(
        fc.option(wireRecord, { nil: undefined }),
        fc.option(wireRecord, { nil: undefined }),
        uint64,
        fc.boolean(),
        (event, link, commitPosition, structuredIds) => {
          const readEvent = { event, link, commitPosition };
          const expected = Buffer.from(generated(readEvent, structuredIds)).toString('hex');

          const encoded = encodeReadEvent(readEvent, structuredIds).toString('hex');

          expect(encoded).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('decodes, through the generated classes, to the event it was given', () => {
    const event: WireRecord = {
      id: '5b0e9b43-6a0e-4f4b-9d8e-0c6f1a2b3c4d',
      streamName: 'customer-ada',
      revision: 7n,
      preparePosition: 1234n,
      commitPosition: 1234n,
      type: 'ProductViewed',
      contentType: 'application/json',
      created: '17958000000000000',
      metadata: Buffer.from('{"$correlationId":"x"}'),
      data: Buffer.from('{"customerId":"ada"}'),
    };

    const decoded = ReadResp.deserializeBinary(
      encodeReadEvent({ event, link: undefined, commitPosition: 1234n }, false),
    );

    const recorded = decoded.getEvent()?.getEvent();
    expect(recorded?.getId()?.getString()).toBe(event.id);
    expect(Buffer.from(recorded?.getStreamIdentifier()?.getStreamName_asU8() ?? []).toString()).toBe('customer-ada');
    expect(recorded?.getStreamRevision()).toBe('7');
    expect(recorded?.getMetadataMap().get('type')).toBe('ProductViewed');
    expect(Buffer.from(recorded?.getData_asU8() ?? []).toString()).toBe('{"customerId":"ada"}');
    expect(decoded.getEvent()?.hasLink()).toBe(false);
    expect(decoded.getEvent()?.getCommitPosition()).toBe('1234');
  });
});
