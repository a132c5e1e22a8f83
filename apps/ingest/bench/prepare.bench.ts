/**
 * `node -r @swc-node/register apps/ingest/bench/prepare.bench.ts [--rounds=N]`: the CPU ingest
 * spends turning one received call into the event it appends (`readCall` with the envelope's
 * check, `prepareEvent` with the catalog's validation, time, id and payload hash, and the size
 * check), in this process, without HTTP or the store. The limit, measured in the same run: the
 * same call serialised, parsed back and hashed once with SHA-256 (reading it once and
 * fingerprinting it). The calls are those of the ingest benchmark's load (`Signed In`) and a
 * larger `Product Added` with a context, in turns.
 */
import { hash } from 'node:crypto';
import { domainCatalog } from '../src/envelope/event-catalog';
import { prepareEvent } from '../src/envelope/prepare-event';
import { readCall } from '../src/envelope/read-call';

const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.split('=')[1] ?? 15);
const CALLS = 10_000;
const policy = { catalog: domainCatalog(), unknownEvents: 'reject' as const, maxFutureMs: 86_400_000 };
const receipt = { writeKeyId: 'wk', sourceId: 'bench', correlationId: 'request', receivedAt: Date.now() };
const now = new Date().toISOString();
const calls: Array<Record<string, unknown>> = Array.from({ length: CALLS }, (_, n) =>
  n % 2 === 0
    ? {
        messageId: `bench-${n}`,
        userId: `bench-${n % 1000}`,
        event: 'Signed In',
        properties: { username: 'ada' },
        timestamp: now,
        context: { library: { name: 'analytics-node', version: '7.0.0' } },
      }
    : {
        messageId: `bench-${n}`,
        userId: `bench-${n % 1000}`,
        anonymousId: `device-${n % 1000}`,
        event: 'Product Added',
        properties: {
          cart_id: `cart-${n}`,
          product_id: 'p-42',
          sku: 'SKU-42',
          name: 'Lamp',
          price: 4_990,
          quantity: 2,
        },
        timestamp: now,
        sentAt: now,
        context: {
          library: { name: 'analytics.js', version: '5.2.0' },
          page: { path: '/lamps', url: 'https://shop.example/lamps' },
          userAgent: 'Mozilla/5.0',
          locale: 'en-GB',
          ip: '10.0.0.1',
        },
      },
);

let sink = 0;
const cpuPerCall = (work: (call: Record<string, unknown>) => void): number => {
  const start = process.cpuUsage();
  for (const call of calls) work(call);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / CALLS;
};
const prepare = (call: Record<string, unknown>): void => {
  sink += Buffer.byteLength(JSON.stringify(call), 'utf8');
  sink += prepareEvent(readCall('track', call, 'batch[0]'), receipt, policy, 'batch[0]').eventId.length;
};
const floor = (call: Record<string, unknown>): void => {
  const text = JSON.stringify(call);
  sink += (JSON.parse(text) as object) === call ? 0 : hash('sha256', text, 'base64url').length;
};

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
for (let i = 0; i < 3; i++) {
  cpuPerCall(prepare);
  cpuPerCall(floor);
}
const prepared: number[] = [];
const floors: number[] = [];
for (let i = 0; i < rounds; i++) {
  prepared.push(cpuPerCall(prepare));
  floors.push(cpuPerCall(floor));
}
const p = median(prepared);
const f = median(floors);
console.log(
  `ingest CPU to prepare one call (${CALLS} calls, median of ${rounds} rounds): ${p.toFixed(2)} µs | limit (the call through JSON and SHA-256) ${f.toFixed(2)} µs | ratio ${(p / f).toFixed(2)}`,
);
if (sink === 0) throw new Error('nothing was prepared');
