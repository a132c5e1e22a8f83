/**
 * `node -r @swc-node/register libs/event-store/bench/append-encode.bench.ts [--events=N] [--rounds=N]`:
 * the CPU per appended event of Heed's appends (ADR 0083: `withEncodedAppends`, requests written
 * by `encodeBatchAppend`) against the client's own `appendToStream` (google-protobuf messages, then
 * their serialisation as gRPC does it), up to the bytes handed to gRPC, in turns within each round.
 * Both run against a stand-in `BatchAppend` stream that keeps nothing (no server, no responses), on
 * events as ingest appends them: a signal's JSON data, its metadata as bytes; in batches of 100
 * (`/v1/batch`) and one at a time (`/v1/track`). Prints the median of each and their ratio; first
 * checks that both write the same bytes.
 */
import { Writable } from 'node:stream';
import { jsonEvent, type EventData, type EventStoreDBClient } from '@eventstore/db-client';
import { BatchAppendReq } from '@eventstore/db-client/generated/streams_pb';
import { cpuMicros } from '../../../scripts/bench/cpu-time';
import { withEncodedAppends } from '../src/transport/encoded-appends';
import { clientOnStandInStream } from '../test/stand-in-batch-append';

const arg = (name: string, fallback: number): number => {
  const given = process.argv.find((a) => a.startsWith(`--${name}=`));
  return given === undefined ? fallback : Number(given.split('=')[1]);
};
const eventCount = arg('events', 20_000);
const rounds = arg('rounds', 9);

const event = (i: number): EventData =>
  jsonEvent({
    type: 'Product Viewed',
    data: {
      occurredAt: '2026-03-02T09:00:00.000Z',
      properties: { product_id: `p-${i % 50}`, price: 19.99, currency: 'EUR', category: 'shoes' },
      schemaVersion: 1,
    },
    metadata: new TextEncoder().encode(
      JSON.stringify({
        $correlationId: `req-${i}`,
        source: 'segment',
        messageId: `msg-${i}`,
        receivedAt: '2026-03-02T09:00:01.000Z',
      }),
    ),
  });
const events = Array.from({ length: eventCount }, (_, i) => event(i));

/** A client whose `BatchAppend` stream is a stand-in: each request serialised as gRPC would, then dropped. */
function standIn(written?: Buffer[]): EventStoreDBClient {
  const stream = new Writable({
    objectMode: true,
    write(request: BatchAppendReq | Buffer, _encoding, done) {
      const bytes = Buffer.isBuffer(request) ? request : Buffer.from(request.serializeBinary());
      written?.push(bytes);
      done();
    },
  });
  return clientOnStandInStream(stream);
}

async function run(client: EventStoreDBClient, batch: number): Promise<void> {
  for (let i = 0; i < events.length; i += batch) {
    // Not awaited: no response ever comes; the requests are written by the time the next starts.
    void client.appendToStream(`customer-${i % 400}`, events.slice(i, i + batch));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

async function main(): Promise<void> {
  // Both write the same bytes (the correlation ids and deadlines aside, which differ by call).
  const theirs: Buffer[] = [];
  const ours: Buffer[] = [];
  await run(standIn(theirs), 100);
  await run(withEncodedAppends(standIn(ours)), 100);
  const withoutCorrelation = (bytes: Buffer) => {
    const request = BatchAppendReq.deserializeBinary(bytes);
    request.clearCorrelationId();
    request.getOptions()?.clearDeadline();
    return Buffer.from(request.serializeBinary()).toString('hex');
  };
  if (
    ours.length === 0 ||
    ours.length !== theirs.length ||
    ours.some((b, i) => withoutCorrelation(b) !== withoutCorrelation(theirs[i]!))
  ) {
    throw new Error('the two ways write different requests');
  }

  for (const batch of [100, 1]) {
    const ways = { client: standIn(), heed: withEncodedAppends(standIn()) };
    const samples: Record<keyof typeof ways, number[]> = { client: [], heed: [] };
    for (let round = -2; round < rounds; round++) {
      for (const name of Object.keys(ways) as (keyof typeof ways)[]) {
        const before = cpuMicros();
        await run(ways[name], batch);
        if (round >= 0) samples[name].push((cpuMicros() - before) / eventCount);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const ratios = samples.heed.map((h, i) => h / samples.client[i]!);
    console.log(`append, CPU per event up to gRPC (${eventCount} events, ${batch} an append, ${rounds} rounds):`);
    console.log(`  client (google-protobuf)          ${median(samples.client).toFixed(2)} µs`);
    console.log(`  Heed (encodeBatchAppend)          ${median(samples.heed).toFixed(2)} µs`);
    console.log(
      `  Heed ÷ client: median ${median(ratios).toFixed(3)} (range ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`,
    );
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
