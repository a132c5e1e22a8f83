/**
 * `node -r @swc-node/register libs/event-store/bench/read-resp.bench.ts [--messages=N] [--rounds=N]`:
 * the CPU per persistent subscription message of Heed's `decodeReadResp` (ADR 0082) against the
 * client's own way (google-protobuf's `ReadResp`, then `convertPersistentSubscriptionGrpcEvent`),
 * in turns within each round, on messages as the engine receives them from `$ce-customer`: a
 * customer's signal resolved through its category link, JSON data and metadata. Prints the median
 * of each and their ratio; first checks that both read every message alike.
 */
import { convertPersistentSubscriptionGrpcEvent } from '@eventstore/db-client/dist/utils/convertGrpcEvent';
import { ReadResp } from '@eventstore/db-client/generated/persistent_pb';
import { StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { isDeepStrictEqual } from 'node:util';
import { cpuMicros } from '../../../scripts/bench/cpu-time';
import { decodeReadResp } from '../src/transport/read-resp-decoder';

const arg = (name: string, fallback: number): number => {
  const given = process.argv.find((a) => a.startsWith(`--${name}=`));
  return given === undefined ? fallback : Number(given.split('=')[1]);
};
const messageCount = arg('messages', 20_000);
const rounds = arg('rounds', 9);

function recorded(stream: string, revision: number, type: string, data: object, metadata: object) {
  const m = new ReadResp.ReadEvent.RecordedEvent();
  const id = new UUID();
  id.setString(`0b5c3e0e-4b8a-4b35-9d7e-${String(revision).padStart(12, '0')}`);
  m.setId(id);
  const identifier = new StreamIdentifier();
  identifier.setStreamName(Buffer.from(stream));
  m.setStreamIdentifier(identifier);
  m.setStreamRevision(String(revision));
  m.setPreparePosition(String(1_000_000 + revision * 700));
  m.setCommitPosition(String(1_000_000 + revision * 700));
  m.getMetadataMap().set('type', type);
  m.getMetadataMap().set('content-type', 'application/json');
  m.getMetadataMap().set('created', String(639_000_000_000_000_000n + BigInt(revision) * 10_000_000n));
  m.setCustomMetadata(Buffer.from(JSON.stringify(metadata)));
  m.setData(Buffer.from(JSON.stringify(data)));
  return m;
}

/** A `$ce-customer` message: a customer's signal, and its link in the category stream. */
function message(i: number): Buffer {
  const customer = `customer-${i % 400}`;
  const event = new ReadResp.ReadEvent();
  event.setEvent(
    recorded(
      customer,
      Math.floor(i / 400),
      'SignedIn',
      { occurredAt: '2026-03-02T09:00:00.000Z', properties: { device: 'web', plan: 'team' }, schemaVersion: 1 },
      { $correlationId: `req-${i}`, source: 'segment', messageId: `msg-${i}`, receivedAt: '2026-03-02T09:00:01.000Z' },
    ),
  );
  event.setLink(recorded('$ce-customer', i, '$>', {}, {}));
  event.setCommitPosition(String(1_000_000 + i * 700));
  event.setRetryCount(0);
  const resp = new ReadResp();
  resp.setEvent(event);
  return Buffer.from(resp.serializeBinary());
}

const messages = Array.from({ length: messageCount }, (_, i) => message(i));
const client = (bytes: Buffer) => convertPersistentSubscriptionGrpcEvent(ReadResp.deserializeBinary(bytes).getEvent()!);
const heed = (bytes: Buffer) => decodeReadResp(bytes).getEvent();

for (const bytes of messages.slice(0, 1_000)) {
  if (!isDeepStrictEqual(heed(bytes), client(bytes))) throw new Error('the two ways read a message differently');
}

const runs = { client, heed };
const samples: Record<keyof typeof runs, number[]> = { client: [], heed: [] };
let sink = 0;
for (let round = -2; round < rounds; round++) {
  for (const name of Object.keys(runs) as (keyof typeof runs)[]) {
    const read = runs[name];
    const before = cpuMicros();
    for (const bytes of messages) sink += read(bytes) === undefined ? 0 : 1;
    if (round >= 0) samples[name].push((cpuMicros() - before) / messageCount);
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ratios = samples.heed.map((h, i) => h / samples.client[i]!);
console.log(
  `persistent subscription message, CPU per message (${messageCount} messages, ${rounds} rounds, ${sink > 0 ? 'all read' : 'none read'}):`,
);
console.log(`  client (google-protobuf + conversion) ${median(samples.client).toFixed(2)} µs`);
console.log(`  Heed (decodeReadResp)                 ${median(samples.heed).toFixed(2)} µs`);
console.log(
  `  Heed ÷ client: median ${median(ratios).toFixed(3)} (range ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`,
);
