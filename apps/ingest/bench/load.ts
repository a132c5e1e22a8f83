/**
 * The load of the ingest benchmark, in a process of its own (spawned by ingest.bench.ts) so that
 * generating requests does not take turns with ingest on one event loop:
 * `load.ts <url> <track|batch|batch-gzip> <seconds> <connections> <write key> <phase>`. Prints one
 * JSON line: autocannon's figures and the customers written to (for the read-back).
 */
import autocannon from 'autocannon';
import { gzipSync } from 'node:zlib';

const KINDS = ['track', 'batch', 'batch-gzip'];
const [url, kind, seconds, connections, key, phase] = process.argv.slice(2);
if (url === undefined || !KINDS.includes(kind ?? '') || phase === undefined || key === undefined)
  throw new Error('usage: load.ts <url> <track|batch|batch-gzip> <seconds> <connections> <write key> <phase>');

/** An SDK's batch holds one device's or one backend worker's events: a few customers each. */
const CUSTOMERS_PER_BATCH = 10;
let sequence = 0;
const customers = new Set<string>();

const track = (): Record<string, unknown> => {
  const n = sequence++;
  return {
    messageId: `${phase}-${n}`,
    userId: `bench-${phase}-${n % 1000}`,
    event: 'Signed In',
    properties: { username: 'ada' },
    timestamp: new Date().toISOString(),
    context: { library: { name: 'analytics-node', version: '7.0.0' } },
  };
};

const body = (): string | Buffer => {
  if (kind === 'track') {
    const call = track();
    customers.add(call['userId'] as string);
    return JSON.stringify(call);
  }
  const next = batches.pop();
  if (next === undefined) return encoded(batch(customers));
  next.owners.forEach((c) => customers.add(c));
  return next.body;
};

const encoded = (json: string): string | Buffer => (kind === 'batch-gzip' ? gzipSync(json) : json);

/** 100 `Signed In` calls of `CUSTOMERS_PER_BATCH` customers, who are added to `owners`. */
function batch(owners: { add(customer: string): unknown }): string {
  const calls: Array<Record<string, unknown>> = Array.from({ length: 100 }, () => ({ type: 'track', ...track() }));
  const owner = calls[0]!['userId'] as string;
  calls.forEach((c, i) => {
    c['userId'] = `${owner}-${i % CUSTOMERS_PER_BATCH}`;
    owners.add(c['userId'] as string);
  });
  return JSON.stringify({ batch: calls });
}

// Making a batch (and compressing it) is the producer's cost, not ingest's: batch bodies are made
// before the run (more than ingest takes at 400 requests/s), so that the load process does not take
// CPU from ingest on a small machine, nor more for gzip than for plain ones. Their customers count
// as written to once a body is sent.
const batches = Array.from({ length: kind === 'track' ? 0 : Number(seconds) * 400 }, () => {
  const owners: string[] = [];
  return { body: encoded(batch({ add: (c: string) => owners.push(c) })), owners };
});

async function main(): Promise<void> {
  const result = await autocannon({
    url: `${url}/v1/${kind === 'track' ? 'track' : 'batch'}`,
    method: 'POST',
    connections: Number(connections),
    duration: Number(seconds),
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
      ...(kind === 'batch-gzip' && { 'content-encoding': 'gzip' }),
    },
    requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }],
  });
  console.log(
    JSON.stringify({
      requests: result.requests.total,
      requestsPerSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
      customers: [...customers],
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
