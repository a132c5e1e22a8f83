/**
 * `npm run bench:ingest [-- --long]`: the ingest API against the embedded store, in one process
 * (the honest setup on a 2-core machine: a second process would compete for the same cores), each
 * figure beside a bare Fastify endpoint measured in the same run. Afterwards every acknowledged
 * event is counted in the store.
 */
import 'reflect-metadata';
import { EventStoreDBClient, StreamNotFoundError } from '@eventstore/db-client';
import { loadConfig } from '@heed/config';
import { startEmbeddedStore } from '@heed/embedded-store';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIngestApp } from '../src/create-ingest-app';
import { IngestConfig } from '../src/ingest.config';

const long = process.argv.includes('--long');
const duration = long ? 30 : 8;
const connections = 32;
const KEY = 'bench-write-key-0123456789';
const auth = `Basic ${Buffer.from(`${KEY}:`).toString('base64')}`;
const CUSTOMERS_PER_BATCH = 10;

interface Figures {
  requests: number;
  requestsPerSecond: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function run(url: string, body: () => string): Promise<Figures> {
  const result = await autocannon({
    url,
    method: 'POST',
    connections,
    duration,
    headers: { 'content-type': 'application/json', authorization: auth },
    requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }],
  });
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'heed-ingest-bench-'));
  const store = await startEmbeddedStore({ port: 0, dataDir });
  const client = EventStoreDBClient.connectionString(store.connectionString);
  const config = loadConfig(IngestConfig, { HEED_WRITE_KEYS: KEY });
  const app = await createIngestApp({ config, client }, false);
  await app.listen(0, '127.0.0.1');
  const ingestUrl = await app.getUrl();

  // The limit: Fastify parsing the same JSON body and answering, nothing else.
  const bare = Fastify({ bodyLimit: config.maxRequestBytes });
  bare.post('/v1/:call', async () => ({ success: true }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;

  let phase = randomUUID().slice(0, 8);
  let sequence = 0;
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
  // An SDK's batch holds one device's or one backend worker's events: a few customers each.
  const batch = (): string => {
    const calls: Array<Record<string, unknown>> = Array.from({ length: 100 }, () => ({ type: 'track', ...track() }));
    const owner = calls[0]!['userId'] as string;
    calls.forEach((c, i) => (c['userId'] = `${owner}-${i % CUSTOMERS_PER_BATCH}`));
    return JSON.stringify({ batch: calls });
  };
  const acknowledged = new Set<string>();

  console.log(`warming up…`);
  await run(`${ingestUrl}/v1/track`, () => JSON.stringify(track()));

  const bareBatch = await run(`${bareUrl}/v1/batch`, batch);
  phase = randomUUID().slice(0, 8);
  const heedBatch = await run(`${ingestUrl}/v1/batch`, () => {
    const body = batch();
    for (const c of (JSON.parse(body) as { batch: Array<{ userId: string }> }).batch) acknowledged.add(c.userId);
    return body;
  });
  const bareTrack = await run(`${bareUrl}/v1/track`, () => JSON.stringify(track()));
  phase = randomUUID().slice(0, 8);
  const heedTrack = await run(`${ingestUrl}/v1/track`, () => {
    const call = track();
    acknowledged.add(call['userId'] as string);
    return JSON.stringify(call);
  });

  // Every acknowledged event is in the store: count the events of every stream written to.
  let stored = 0;
  for (const stream of acknowledged) {
    try {
      for await (const _ of client.readStream(`customer-${stream}`)) stored++;
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
  }
  const acked = (heedBatch.requests - heedBatch.non2xx) * 100 + (heedTrack.requests - heedTrack.non2xx);

  const row = (name: string, heed: Figures, limit: Figures, eventsPerRequest: number): string =>
    `| ${name} | ${Math.round(heed.requestsPerSecond * eventsPerRequest)} | ${Math.round(heed.requestsPerSecond)} | ${heed.p99} | ${heed.non2xx} | ${Math.round(limit.requestsPerSecond)} | ${limit.p99} | ${((heed.requestsPerSecond / limit.requestsPerSecond) * 100).toFixed(1)} % |`;
  console.log(
    `\n${duration} s per run, ${connections} connections, ingest + embedded store (SQLite on disk) + autocannon in one process`,
  );
  console.log('| endpoint | events/s | requests/s | p99 ms | non-2xx | bare Fastify req/s | bare p99 ms | ratio |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  console.log(row('/v1/batch (100 events)', heedBatch, bareBatch, 100));
  console.log(row('/v1/track', heedTrack, bareTrack, 1));
  const verdict = stored >= acked ? 'all there' : 'MISSING EVENTS';
  console.log(`\nacknowledged events: ${acked}; found in their streams afterwards: ${stored} (${verdict})`);
  console.log('(found may exceed acknowledged: requests in flight when a run stops are stored but not counted)');

  await app.close();
  await bare.close();
  await client.dispose();
  await store.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
