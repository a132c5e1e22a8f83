import { Duplex } from 'node:stream';
import { PersistentSubscriptionImpl } from '@eventstore/db-client/dist/persistentSubscription/utils/PersistentSubscriptionImpl';
import type { ReadReq } from '@eventstore/db-client/generated/persistent_pb';
import fc from 'fast-check';
import { encodeAck, type Acknowledged } from './ack-codec';

/** What the client's own `PersistentSubscriptionImpl.ack` writes, or the message it throws. */
async function clientAck(events: Acknowledged[]): Promise<string> {
  const written: ReadReq[] = [];
  const stream = new Duplex({
    objectMode: true,
    read() {},
    write(req: ReadReq, _encoding, done) {
      written.push(req);
      done();
    },
  });
  const subscription = new PersistentSubscriptionImpl(
    (async () => stream) as unknown as ConstructorParameters<typeof PersistentSubscriptionImpl>[0],
    (event) => event,
    {},
  );
  try {
    await subscription.ack(...(events as never[]));
    return Buffer.from(written[0]!.serializeBinary()).toString('hex');
  } catch (error) {
    return (error as Error).message;
  } finally {
    stream.destroy();
  }
}

function heedAck(events: Acknowledged[]): string {
  try {
    return encodeAck(events).toString('hex');
  } catch (error) {
    return (error as Error).message;
  }
}

const id = fc.oneof({ weight: 4, arbitrary: fc.uuid() }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme' }) });
const acknowledged: fc.Arbitrary<Acknowledged> = fc.record(
  { link: fc.record({ id }), event: fc.record({ id }) },
  { requiredKeys: [] },
);

describe('encodeAck', () => {
  it("writes the acknowledgement the client's own ack sends, byte for byte, or throws what it throws", async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(acknowledged, { maxLength: 70 }), async (events) => {
        const ours = heedAck(events);
        expect(ours).toBe(await clientAck(events));
        if (ours === 'Attempted to ack an event with no id') refused++;
      }),
      { numRuns: 500, seed: 26 },
    );
    expect(refused).toBeGreaterThan(20);
  });
});
