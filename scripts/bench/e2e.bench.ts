import { EventStoreDBClient, START } from '@eventstore/db-client';
import { generatePopulation } from '@heed/simulator';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHeedConfig, startHeed } from '../../apps/heed/src/start-heed';
import { populationCalls } from '../../apps/simulator/src/send/population-calls';
import { sendCalls } from '../../apps/simulator/src/send/send-population';
import { percentile, type BenchResult } from './bench-result';

// End to end: the simulator at a fixed rate through ingest → store → engine, all in this process
// (2 shared cores: a second process would only compete for them). Latency runs from the HTTP
// request to the append of the command event it caused; commands raised by timers are left out,
// their latency is their delay.
const long = process.argv.includes('--long');
const seconds = long ? 600 : 45;
const rate = 200;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'heed-bench-e2e-'));
  const heed = await startHeed(
    loadHeedConfig({
      HEED_STORE_PORT: '0',
      HEED_INGEST_PORT: '0',
      HEED_ENGINE_PORT: '0',
      HEED_DATA_DIR: dataDir,
      HEED_WRITE_KEYS: 'bench-e2e-write-key-0123456789',
      HEED_API_KEYS: 'bench-e2e-api-key-0123456789',
    }),
    false,
  );
  const observer = EventStoreDBClient.connectionString(heed.storeUrl);
  // About 80 events per customer over 4 simulated weeks: enough customers to fill the run.
  const customers = Math.ceil((rate * seconds) / 80);
  const end = Date.now() - 60_000;
  const population = generatePopulation({
    seed: 42,
    customers,
    weeks: 4,
    start: new Date(end - 28 * 86_400_000).toISOString(),
    idPrefix: `bench${end.toString(36)}-`,
  });
  const calls = populationCalls(population).slice(0, rate * seconds);

  const sentAt = new Map<string, number>();
  const answered: number[] = [];
  const commands: Array<{ causation: string; created: number; command: boolean }> = [];
  const subscription = observer.subscribeToStream('$ce-lifecycle', { fromRevision: START, resolveLinkTos: true });
  subscription.on('data', (resolved) => {
    const event = resolved.event;
    if (event === undefined) return;
    const command = event.type.endsWith('Requested');
    if (!command && event.type !== 'StateChanged') return;
    const metadata = event.metadata as { $causationId?: string; causationType?: string };
    if (metadata.causationType === 'TimerFired' || metadata.$causationId === undefined) return;
    commands.push({ causation: metadata.$causationId, created: event.created.getTime(), command });
  });

  const started = Date.now();
  const perSecond = new Map<number, number>();
  const memory: Array<{ second: number; customers: number; heapMb: number; rssMb: number }> = [];
  const seen = new Set<string>();
  let sentCount = 0;
  const sampler = setInterval(
    () => {
      const { heapUsed, rss } = process.memoryUsage();
      memory.push({
        second: Math.round((Date.now() - started) / 1000),
        customers: seen.size,
        heapMb: heapUsed / 2 ** 20,
        rssMb: rss / 2 ** 20,
      });
    },
    long ? 10_000 : 3_000,
  );
  const summary = await sendCalls({ url: heed.ingestUrl, writeKey: 'bench-e2e-write-key-0123456789' }, calls, {
    rate,
    batchSize: 20,
    progress: false,
    onResults: (results, requestStart) => {
      const wallStart = Date.now() - (performance.now() - requestStart);
      answered.push(performance.now() - requestStart);
      for (const r of results) if (r.eventId !== undefined) sentAt.set(r.eventId, wallStart);
      const second = Math.floor((Date.now() - started) / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + results.length);
      for (let i = sentCount; i < sentCount + results.length; i++) seen.add(calls[i]?.userId ?? '');
      sentCount += results.length;
    },
  });
  // The engine finishes what was sent: wait until no command has arrived for 3 s.
  for (let last = -1; last !== commands.length;) {
    last = commands.length;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  }
  clearInterval(sampler);
  await subscription.unsubscribe();
  await observer.dispose();
  await heed.stop();
  rmSync(dataDir, { recursive: true, force: true });

  const latencyOf = (only: (c: (typeof commands)[number]) => boolean): number[] =>
    commands.filter(only).flatMap((c) => {
      const at = sentAt.get(c.causation);
      return at === undefined ? [] : [Math.max(0, c.created - at)];
    });
  const latencies = latencyOf((c) => c.command);
  const outputs = latencyOf(() => true);
  // What stays live: the heap's floor (its lowest sample, just after a collection) in the last
  // quarter of the soak against the third. Two single samples would compare points of the
  // collector's sawtooth (tens of MB apart) rather than the live set.
  const half = memory.slice(Math.floor(memory.length / 2));
  const floorOf = (samples: typeof memory): number => Math.min(...samples.map((m) => m.heapMb));
  const middle = Math.floor(half.length / 2);
  const growth = middle > 0 ? floorOf(half.slice(middle)) - floorOf(half.slice(0, middle)) : 0;
  const ingestP99 = percentile(answered, 99);
  const result: BenchResult = {
    area: 'end to end',
    figures: [
      {
        name: 'events sent per second (fixed rate)',
        value: summary.eventsPerSecond,
        unit: 'events/s',
        goal: `${rate} events/s`,
        met: summary.eventsPerSecond >= rate * 0.95,
      },
      {
        name: 'HTTP request → command appended, p50',
        value: percentile(latencies, 50),
        unit: 'ms',
        limit: { name: 'ingest answer p50', value: percentile(answered, 50) },
      },
      {
        name: 'HTTP request → command appended, p99',
        value: percentile(latencies, 99),
        unit: 'ms',
        limit: { name: 'ingest answer p99', value: ingestP99 },
      },
      {
        name: 'HTTP request → command appended, p99.9',
        value: percentile(latencies, 99.9),
        unit: 'ms',
        limit: { name: 'ingest answer p99.9', value: percentile(answered, 99.9) },
      },
      { name: 'commands measured', value: latencies.length, unit: 'commands' },
      {
        name: 'HTTP request → any output (state change or command) appended, p50',
        value: percentile(outputs, 50),
        unit: 'ms',
        limit: { name: 'ingest answer p50', value: percentile(answered, 50) },
      },
      {
        name: 'HTTP request → any output appended, p99',
        value: percentile(outputs, 99),
        unit: 'ms',
        limit: { name: 'ingest answer p99', value: ingestP99 },
      },
      { name: 'outputs measured', value: outputs.length, unit: 'outputs' },
      {
        name: `growth of the heap's floor from the third to the last quarter of a ${seconds} s soak`,
        value: growth,
        unit: 'MB',
        goal: 'flat (≤ 10 MB)',
        met: Math.abs(growth) <= 10,
      },
      { name: 'rejected events', value: summary.rejected, unit: 'events', goal: '0', met: summary.rejected === 0 },
    ],
    series: {
      latencyMs: outputs,
      throughput: [...perSecond].sort(([a], [b]) => a - b).map(([second, n]) => ({ second, eventsPerSecond: n })),
      memory,
    },
    notes: [
      `${calls.length} events of ${customers} simulated customers at ${rate} events/s in batches of 20; ingest, embedded store (SQLite on disk), engine and load in one process.`,
      'The request time of a batch is the request time of each of its events; the latency of an event answered late in a batch includes the wait for its batch.',
    ],
  };
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
