/**
 * `npm run bench:ingest [-- --long] [-- --connections=N]`: the ingest API against the embedded
 * store, each figure beside a bare Fastify endpoint measured in the same run, and `/v1/batch`
 * with gzip bodies beside the same batches uncompressed. Three processes, as
 * in a deployment: the store (apps/store), ingest and the bare endpoint (this process), and the
 * load (load.ts, autocannon). Afterwards every acknowledged event is counted in the store. Prints
 * its table, then one JSON result line for `npm run bench`. Beside rates and latencies: the CPU
 * time of this process (ingest; the bare endpoint idles while ingest is loaded, and the other way
 * round) and of the store process per event and per request, against the bare endpoint's own CPU
 * per event in its run (scripts/bench/cpu-time.ts). `HEED_BENCH_PROFILE_STORE=<dir>`
 * writes a CPU profile of the store process there; `HEED_BENCH_PROFILE_INGEST=<dir>` two of this
 * process, during ingest's batch run and during its track run.
 */
import 'reflect-metadata';
import { StreamNotFoundError } from '@eventstore/db-client';
import { loadConfig } from '@heed/config';
import { connectStore } from '@heed/event-store';
import Fastify from 'fastify';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createIngestApp } from '../src/create-ingest-app';
import { IngestConfig } from '../src/ingest.config';
import { cpuMeter } from '../../../scripts/bench/cpu-time';
import { profiled } from '../../../scripts/bench/profiled';
import { startStoreProcess } from '../../../scripts/bench/store-process';

const long = process.argv.includes('--long');
const duration = long ? 30 : 8;
const connections = Number(process.argv.find((a) => a.startsWith('--connections='))?.split('=')[1] ?? 32);
const KEY = 'bench-write-key-0123456789';

interface Figures {
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  customers: string[];
}

/** Runs the load in its own process against `url` and returns autocannon's figures. */
function load(
  url: string,
  kind: 'track' | 'batch' | 'batch-gzip',
  phase: string,
  seconds = duration,
): Promise<Figures> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      join(__dirname, 'load.ts'),
      url,
      kind,
      String(seconds),
      String(connections),
      KEY,
      phase,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()!) as Figures)
        : reject(new Error(`load.ts exited with ${code}`)),
    ),
  );
}

type Measured = Figures & { cpuMicros: number; storeCpuMicros: number };

/** The pid of the store process, for the CPU it spends (set once it is started). */
let storePid: number | undefined;

/**
 * A load run with the CPU time this process (ingest, or the bare endpoint) and the store process
 * spent during it, in µs.
 */
async function withCpu(run: () => Promise<Figures>): Promise<Measured> {
  const meter = cpuMeter({ self: undefined, store: storePid });
  const figures = await run();
  const { self, store } = meter.read();
  return { ...figures, cpuMicros: self, storeCpuMicros: store };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'heed-ingest-bench-'));
  const store = await startStoreProcess(join(dataDir, 'store'));
  storePid = store.pid;
  // As `main.ts` opens it: reads decoded and appends written by Heed (ADR 0082, 0083).
  const client = connectStore({ url: store.url });
  const config = loadConfig(IngestConfig, { HEED_WRITE_KEYS: KEY });
  const app = await createIngestApp({ config, client }, false);
  await app.listen(0, '127.0.0.1');
  const ingestUrl = await app.getUrl();

  // The limit: Fastify parsing the same JSON body and answering, nothing else.
  const bare = Fastify({ bodyLimit: config.maxRequestBytes });
  bare.post('/v1/:call', async () => ({ success: true }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;

  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}`,
  );
  console.log('warming up…');
  await load(ingestUrl, 'track', randomUUID().slice(0, 8), 3);
  // The batch path too: unwarmed, the first batch run was a third of the runs after it.
  await load(ingestUrl, 'batch', randomUUID().slice(0, 8), 3);

  const bareBatch = await withCpu(() => load(bareUrl, 'batch', randomUUID().slice(0, 8)));
  const heedBatch = await withCpu(() =>
    profiled(process.env['HEED_BENCH_PROFILE_INGEST'], 'ingest-batch', () =>
      load(ingestUrl, 'batch', randomUUID().slice(0, 8)),
    ),
  );
  // The same batches gzip-compressed (as RudderStack's SDK sends them), between two runs of plain
  // ones (A-B-A): on a shared machine the load drifts, and the ratio compares like with like. The
  // CPU this process spent per event (ingest's, the bare endpoint being idle) drifts much less.
  const heedGzip = await withCpu(() => load(ingestUrl, 'batch-gzip', randomUUID().slice(0, 8)));
  const heedBatchAgain = await withCpu(() => load(ingestUrl, 'batch', randomUUID().slice(0, 8)));
  const bareTrack = await withCpu(() => load(bareUrl, 'track', randomUUID().slice(0, 8)));
  const heedTrack = await withCpu(() =>
    profiled(process.env['HEED_BENCH_PROFILE_INGEST'], 'ingest-track', () =>
      load(ingestUrl, 'track', randomUUID().slice(0, 8)),
    ),
  );

  // Every acknowledged event is in the store: count the events of every stream written to.
  let stored = 0;
  const batchRuns = [heedBatch, heedGzip, heedBatchAgain];
  for (const customer of [...batchRuns.flatMap((run) => run.customers), ...heedTrack.customers]) {
    try {
      for await (const _ of client.readStream(`customer-${customer}`)) stored++;
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
  }
  const acked =
    batchRuns.reduce((sum, run) => sum + (run.requests - run.non2xx) * 100, 0) +
    (heedTrack.requests - heedTrack.non2xx);

  const row = (name: string, heed: Figures, limit: Figures, eventsPerRequest: number): string =>
    `| ${name} | ${Math.round(heed.requestsPerSecond * eventsPerRequest)} | ${Math.round(heed.requestsPerSecond)} | ${heed.p99} | ${heed.non2xx} | ${Math.round(limit.requestsPerSecond)} | ${limit.p99} | ${((heed.requestsPerSecond / limit.requestsPerSecond) * 100).toFixed(1)} % |`;
  console.log(
    `\n${duration} s per run, ${connections} connections; store, ingest (+ bare endpoint) and load in three processes; load average now ${loadavg()[0]!.toFixed(1)}`,
  );
  console.log('| endpoint | events/s | requests/s | p99 ms | non-2xx | bare Fastify req/s | bare p99 ms | ratio |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  console.log(row('/v1/batch (100 events)', heedBatch, bareBatch, 100));
  console.log(row('/v1/batch gzip (100 events)', heedGzip, bareBatch, 100));
  console.log(row('/v1/batch again (100 events)', heedBatchAgain, bareBatch, 100));
  console.log(row('/v1/track', heedTrack, bareTrack, 1));
  const allThere = stored >= acked;
  console.log(
    `\nacknowledged events: ${acked}; found in their streams afterwards: ${stored} (${allThere ? 'all there' : 'MISSING EVENTS'})`,
  );
  console.log('(found may exceed acknowledged: requests in flight when a run stops are stored but not counted)');

  await app.close();
  await bare.close();
  await client.dispose();
  await store.stop();
  rmSync(dataDir, { recursive: true, force: true });

  const batchEvents = heedBatch.requestsPerSecond * 100;
  const gzipEvents = heedGzip.requestsPerSecond * 100;
  const plainEvents = ((heedBatch.requestsPerSecond + heedBatchAgain.requestsPerSecond) / 2) * 100;
  const cpuPerEvent = (run: Measured): number => run.cpuMicros / (run.requests * 100);
  const storeCpuPerEvent = (run: Measured): number => run.storeCpuMicros / (run.requests * 100);
  const plainCpu = (cpuPerEvent(heedBatch) + cpuPerEvent(heedBatchAgain)) / 2;
  const plainStoreCpu = (storeCpuPerEvent(heedBatch) + storeCpuPerEvent(heedBatchAgain)) / 2;
  const trackCpu = heedTrack.cpuMicros / heedTrack.requests;
  const bareBatchCpu = cpuPerEvent(bareBatch);
  const bareTrackCpu = bareTrack.cpuMicros / bareTrack.requests;
  console.log(
    `ingest CPU per event: ${cpuPerEvent(heedGzip).toFixed(0)} µs gzip, ${plainCpu.toFixed(1)} µs uncompressed ` +
      `(${cpuPerEvent(heedBatch).toFixed(1)} and ${cpuPerEvent(heedBatchAgain).toFixed(1)}); bare Fastify ${bareBatchCpu.toFixed(1)} µs ` +
      `(ratio ${(plainCpu / bareBatchCpu).toFixed(2)}); goal <= 35 µs (ratio to goal ${(plainCpu / 35).toFixed(2)})`,
  );
  console.log(
    `ingest CPU per /v1/track request: ${trackCpu.toFixed(0)} µs; bare Fastify ${bareTrackCpu.toFixed(0)} µs ` +
      `(ratio ${(trackCpu / bareTrackCpu).toFixed(2)}); goal <= 150 µs (ratio to goal ${(trackCpu / 150).toFixed(2)})`,
  );
  console.log(
    `store CPU per event appended by ingest: ${plainStoreCpu.toFixed(1)} µs batched (/v1/batch), ` +
      `${(heedTrack.storeCpuMicros / heedTrack.requests).toFixed(0)} µs one a request (/v1/track)`,
  );
  const gzipRatio = gzipEvents / plainEvents;
  console.log(
    `\n/v1/batch gzip: ${Math.round(gzipEvents)} events/s, ${(gzipRatio * 100).toFixed(1)} % of uncompressed ` +
      `(${Math.round(plainEvents)} events/s, the mean of the runs before and after; goal: >= 85 %)`,
  );
  const figures = [
    {
      name: '/v1/batch (100 events a request), events/s',
      value: batchEvents,
      unit: 'events/s',
      limit: { name: 'bare Fastify, events/s', value: bareBatch.requestsPerSecond * 100 },
      goal: '>= 20,000 events/s',
      met: batchEvents >= 20_000,
    },
    {
      name: '/v1/batch p99',
      value: heedBatch.p99,
      unit: 'ms',
      limit: { name: 'bare Fastify p99', value: bareBatch.p99 },
      goal: '<= 50 ms',
      met: heedBatch.p99 <= 50,
    },
    {
      name: '/v1/batch gzip (100 events a request), events/s',
      value: gzipEvents,
      unit: 'events/s',
      limit: { name: '/v1/batch uncompressed (runs before and after), events/s', value: plainEvents },
      goal: '>= 85 % of uncompressed',
      met: gzipRatio >= 0.85,
    },
    {
      name: '/v1/batch gzip, ingest CPU per event',
      value: cpuPerEvent(heedGzip),
      unit: 'µs',
      limit: { name: 'uncompressed, ingest CPU per event', value: plainCpu },
      goal: '<= 115 % of uncompressed',
      met: cpuPerEvent(heedGzip) <= plainCpu * 1.15,
    },
    {
      name: '/v1/batch, ingest CPU per event (mean of the two uncompressed runs)',
      value: plainCpu,
      unit: 'µs',
      limit: { name: 'bare Fastify, CPU per event', value: bareBatchCpu },
      goal: '<= 35 µs',
      met: plainCpu <= 35,
    },
    {
      name: '/v1/batch, store CPU per event',
      value: plainStoreCpu,
      unit: 'µs',
      limit: { name: 'ingest CPU per event', value: plainCpu },
      goal: 'report',
    },
    {
      name: '/v1/track, requests/s',
      value: heedTrack.requestsPerSecond,
      unit: 'req/s',
      limit: { name: 'bare Fastify, req/s', value: bareTrack.requestsPerSecond },
      goal: '>= 5,000 req/s',
      met: heedTrack.requestsPerSecond >= 5_000,
    },
    {
      name: '/v1/track p99',
      value: heedTrack.p99,
      unit: 'ms',
      limit: { name: 'bare Fastify p99', value: bareTrack.p99 },
      goal: '<= 50 ms',
      met: heedTrack.p99 <= 50,
    },
    {
      name: '/v1/track, ingest CPU per request',
      value: trackCpu,
      unit: 'µs',
      limit: { name: 'bare Fastify, CPU per request', value: bareTrackCpu },
      goal: '<= 150 µs',
      met: trackCpu <= 150,
    },
    {
      name: '/v1/track, store CPU per request',
      value: heedTrack.storeCpuMicros / heedTrack.requests,
      unit: 'µs',
      limit: { name: 'ingest CPU per request', value: trackCpu },
      goal: 'report',
    },
    {
      name: 'acknowledged events found in the store',
      value: stored,
      unit: 'events',
      limit: { name: 'acknowledged', value: acked },
      goal: '>= acknowledged',
      met: allThere,
    },
  ];
  console.log(
    JSON.stringify({
      area: 'ingest',
      figures,
      notes: [`${duration} s per run, ${connections} connections; store, ingest and load in three processes`],
    }),
  );
  if (!allThere) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
