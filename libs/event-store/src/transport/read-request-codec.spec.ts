import { Readable } from 'node:stream';
import { BACKWARDS, END, EventStoreDBClient, FORWARDS, START, type ReadStreamOptions } from '@eventstore/db-client';
import type { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import fc from 'fast-check';
import { encodeStreamReadRequest, isEncodableRead } from './read-request-codec';

/** The request the client's own `readStream` sends for a read, taken from a stand-in gRPC client. */
async function clientRequest(streamName: string, options: ReadStreamOptions): Promise<Buffer> {
  const client = EventStoreDBClient.connectionString('esdb://127.0.0.1:1?tls=false');
  let sent!: (req: ReadReq) => void;
  const request = new Promise<ReadReq>((resolve) => (sent = resolve));
  const grpc = {
    read: (req: ReadReq) => {
      sent(req);
      return Readable.from([]);
    },
  };
  (client as unknown as Record<string, unknown>)['GRPCStreamCreator'] =
    (_class: unknown, _name: string, create: (grpc: unknown) => unknown) => async () =>
      create(grpc);
  client.readStream(streamName, options).on('error', () => undefined);
  return Buffer.from((await request).serializeBinary());
}

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('', '$ce-customer', 'customer-ü-1'),
);
const read = fc.record({
  fromRevision: fc.oneof(
    fc.constantFrom(START, END),
    fc.bigInt({ min: 0n, max: 1000n }),
    fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  ),
  maxCount: fc.oneof(
    fc.constantFrom(0, 1, 127, 128, Number.MAX_SAFE_INTEGER),
    fc.integer({ min: 0, max: 1_000_000 }),
    fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  ),
  resolveLinkTos: fc.boolean(),
  direction: fc.constantFrom(FORWARDS, BACKWARDS),
});

describe('encodeStreamReadRequest', () => {
  it("writes the request the client's own readStream sends, byte for byte", async () => {
    let backwards = 0;
    await fc.assert(
      fc.asyncProperty(text, read, async (streamName, options) => {
        expect(isEncodableRead(options.maxCount, options.fromRevision, options.direction)).toBe(true);
        const ours = encodeStreamReadRequest({ streamName, ...options });
        expect(ours.toString('hex')).toBe((await clientRequest(streamName, options)).toString('hex'));
        if (options.direction === BACKWARDS) backwards++;
      }),
      { numRuns: 500, seed: 26 },
    );
    expect(backwards).toBeGreaterThan(100);
  });

  it('leaves to the client the reads it does not write as the client would', () => {
    expect(isEncodableRead(1.5, START, FORWARDS)).toBe(false);
    expect(isEncodableRead(-1, START, FORWARDS)).toBe(false);
    expect(isEncodableRead(2n ** 64n, START, FORWARDS)).toBe(false);
    expect(isEncodableRead(10, START, 'sideways' as never)).toBe(false);
    expect(isEncodableRead(10, 3n, BACKWARDS)).toBe(true);
  });
});
