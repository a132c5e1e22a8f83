/**
 * `npm run bench:store [-- --long] [-- --sync=full] [-- --append-cpu]`: the embedded store through
 * @eventstore/db-client, each figure beside the same work done directly on better-sqlite3 (same
 * `synchronous`, same disk) as the storage limit. Prints a Markdown table. Beside each append rate:
 * the store process's CPU time per appended event (from `/proc`), against the CPU this process
 * spends per event on the direct better-sqlite3 inserts (scripts/bench/cpu-time.ts). `--append-cpu`
 * runs only the appends (issue #26: CPU per appended event), e.g. under a store profile
 * (`HEED_BENCH_PROFILE_STORE=<dir>`, see scripts/bench/store-process.ts).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BACKWARDS, END, EventStoreDBClient, jsonEvent, START } from '@eventstore/db-client';
import Database from 'better-sqlite3';
import { cpuMeter } from '../../../scripts/bench/cpu-time';
import { startStoreProcess } from '../../../scripts/bench/store-process';

const long = process.argv.includes('--long');
const scale = long ? 10 : 1;
const synchronous = process.argv.includes('--sync=full') ? 'full' : 'normal';
const appendCpuOnly = process.argv.includes('--append-cpu');
const payload = { customerId: 'c-1', amount: 1250, currency: 'EUR', country: 'FR', at: new Date(0).toISOString() };
const rows: string[] = [];
/** The figures for `npm run bench` (its JSON result line), with the goals of the store's issue. */
const figures: Array<{
  name: string;
  value: number;
  unit: string;
  limit?: { name: string; value: number };
  goal?: string;
  met?: boolean;
}> = [];
const goals: Record<string, { goal: string; met: (value: number) => boolean }> = {
  'append, batches of 100, 50 writer(s)': { goal: '>= 20,000 events/s', met: (v) => v >= 20_000 },
  'append, batches of 1, 50 writer(s)': { goal: '>= 5,000 events/s', met: (v) => v >= 5_000 },
  'live subscription lag (append → event), p99': { goal: '<= 10 ms', met: (v) => v <= 10 },
};

function record(name: string, store: number, raw: number, unit: string): void {
  const ratio = raw > 0 ? `${((store / raw) * 100).toFixed(0)} %` : 'n/a';
  rows.push(`| ${name} | ${store.toFixed(0)} ${unit} | ${raw.toFixed(0)} ${unit} | ${ratio} |`);
  figures.push({
    name,
    value: store,
    unit,
    limit: { name: 'better-sqlite3 directly', value: raw },
    ...goalOf(name, store),
  });
}

/** A CPU time per event beside the same on better-sqlite3 directly; the issue asks to report it. */
function cpuRecord(name: string, micros: number, rawMicros: number): void {
  rows.push(`| ${name} | ${micros.toFixed(1)} µs | ${rawMicros.toFixed(1)} µs | ${(micros / rawMicros).toFixed(1)}× |`);
  figures.push({
    name,
    value: micros,
    unit: 'µs',
    limit: { name: 'better-sqlite3 directly, CPU per event', value: rawMicros },
    goal: 'report (halve the larger of batched and single)',
  });
}

function goalOf(name: string, value: number): { goal?: string; met?: boolean } {
  const goal = goals[name];
  return goal === undefined ? {} : { goal: goal.goal, met: goal.met(value) };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** The storage limit: the same rows inserted with prepared statements, one transaction per group. */
function rawInsert(dir: string, events: number, perTransaction: number): number {
  const db = new Database(join(dir, `raw-${randomUUID()}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec(
    'CREATE TABLE events (position INTEGER PRIMARY KEY, stream_id INTEGER, revision INTEGER, event_id BLOB, type TEXT, content_type TEXT, data BLOB, metadata BLOB, created INTEGER); CREATE UNIQUE INDEX s ON events (stream_id, revision); CREATE INDEX i ON events (event_id)',
  );
  const insert = db.prepare('INSERT INTO events VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?)');
  const data = Buffer.from(JSON.stringify(payload));
  const empty = Buffer.alloc(0);
  const tx = db.transaction((from: number, count: number) => {
    for (let i = from; i < from + count; i++) {
      insert.run(
        i % 1000,
        i,
        Buffer.from(randomUUID().replace(/-/g, ''), 'hex'),
        'Paid',
        'application/json',
        data,
        empty,
        Date.now(),
      );
    }
  });
  const start = performance.now();
  for (let i = 0; i < events; i += perTransaction) tx(i, Math.min(perTransaction, events - i));
  const rate = events / ((performance.now() - start) / 1000);
  db.close();
  return rate;
}

function rawRead(dir: string, events: number): number {
  const db = new Database(join(dir, `raw-read-${randomUUID()}.db`));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE events (position INTEGER PRIMARY KEY, data BLOB)');
  const insert = db.prepare('INSERT INTO events (data) VALUES (?)');
  const data = Buffer.from(JSON.stringify(payload));
  db.transaction(() => {
    for (let i = 0; i < events; i++) insert.run(data);
  })();
  const page = db.prepare('SELECT * FROM events WHERE position >= ? ORDER BY position LIMIT 256');
  const start = performance.now();
  let from = 0;
  let read = 0;
  for (;;) {
    const got = page.all(from) as Array<{ position: number }>;
    if (got.length === 0) break;
    read += got.length;
    from = got[got.length - 1]!.position + 1;
  }
  const rate = read / ((performance.now() - start) / 1000);
  db.close();
  return rate;
}

/** The storage limit of a sequential loop of `maxCount: 1` backwards reads (and, with `append`, an insert before each). */
function rawReadLast(dir: string, count: number, append: boolean): number {
  const db = new Database(join(dir, `raw-last-${randomUUID()}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec(
    'CREATE TABLE events (position INTEGER PRIMARY KEY, stream_id INTEGER, revision INTEGER, data BLOB); CREATE UNIQUE INDEX s ON events (stream_id, revision)',
  );
  const insert = db.prepare('INSERT INTO events VALUES (NULL, 1, ?, ?)');
  const last = db.prepare('SELECT * FROM events WHERE stream_id = 1 AND revision <= ? ORDER BY revision DESC LIMIT 1');
  const data = Buffer.from(JSON.stringify(payload));
  for (let i = 0; i < 10; i++) insert.run(i, data);
  let revision = 9;
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    if (append) insert.run(++revision, data);
    last.get(revision);
  }
  const rate = count / ((performance.now() - start) / 1000);
  db.close();
  return rate;
}

/** Calls per second of `call`, made one after the other (the latency of one call, inverted). */
async function sequentialRate(count: number, call: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await call();
  const start = performance.now();
  for (let i = 0; i < count; i++) await call();
  return count / ((performance.now() - start) / 1000);
}

async function readLast(client: EventStoreDBClient, stream: string): Promise<void> {
  // Read to the end of the call, as Heed does (libs/actors readLastEvent): see docs/embedded-store.md.
  for await (const _ of client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }));
}

async function appendRate(client: EventStoreDBClient, events: number, batch: number, writers: number): Promise<number> {
  const perWriter = Math.ceil(events / writers / batch);
  const start = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const stream = `bench-${randomUUID()}-${w}`;
      for (let i = 0; i < perWriter; i++) {
        await client.appendToStream(
          stream,
          Array.from({ length: batch }, () => jsonEvent({ type: 'Paid', data: payload })),
        );
      }
    }),
  );
  return (perWriter * batch * writers) / ((performance.now() - start) / 1000);
}

/** The read, read-after-append and subscription figures (all but the appends). */
async function readFigures(client: EventStoreDBClient, dir: string): Promise<void> {
  const sequential = 1000 * scale;
  const lastStream = `last-${randomUUID()}`;
  await client.appendToStream(
    lastStream,
    Array.from({ length: 10 }, () => jsonEvent({ type: 'Paid', data: payload })),
  );
  record(
    'read the last event (`maxCount: 1` backwards), one call after the other',
    await sequentialRate(sequential, () => readLast(client, lastStream)),
    rawReadLast(dir, sequential, false),
    'reads/s',
  );
  const pairStream = `pair-${randomUUID()}`;
  record(
    'append 1 event, then read the last event, one pair after the other',
    await sequentialRate(sequential, async () => {
      await client.appendToStream(pairStream, jsonEvent({ type: 'Paid', data: payload }));
      await readLast(client, pairStream);
    }),
    rawReadLast(dir, sequential, true),
    'pairs/s',
  );

  const readStream = `read-${randomUUID()}`;
  const readCount = 20_000 * scale;
  for (let i = 0; i < readCount; i += 500) {
    await client.appendToStream(
      readStream,
      Array.from({ length: 500 }, () => jsonEvent({ type: 'Paid', data: payload })),
    );
  }
  let start = performance.now();
  let read = 0;
  for await (const _ of client.readStream(readStream)) read++;
  const readRate = read / ((performance.now() - start) / 1000);
  record('read a stream forwards', readRate, rawRead(dir, readCount), 'events/s');

  start = performance.now();
  let caught = 0;
  const catchUp = client.subscribeToStream(readStream, { fromRevision: START });
  for await (const _ of catchUp) if (++caught === readCount) break;
  record('catch-up subscription', caught / ((performance.now() - start) / 1000), rawRead(dir, readCount), 'events/s');

  const liveStream = `live-${randomUUID()}`;
  const lags: number[] = [];
  const live = client.subscribeToStream(liveStream, { fromRevision: START });
  const sentAt = new Map<string, number>();
  const liveCount = 500 * scale;
  const done = new Promise<void>((resolve) =>
    live.on('data', (e: { event?: { id: string } }) => {
      const at = sentAt.get(e.event!.id);
      if (at !== undefined) lags.push(performance.now() - at);
      if (lags.length === liveCount) resolve();
    }),
  );
  for (let i = 0; i < liveCount; i++) {
    const event = jsonEvent({ type: 'Paid', data: payload });
    sentAt.set(event.id, performance.now());
    await client.appendToStream(liveStream, event);
  }
  await done;
  await live.unsubscribe();
  for (const p of [50, 99]) {
    const name = `live subscription lag (append → event), p${p}`;
    rows.push(`| ${name} | ${percentile(lags, p).toFixed(2)} ms | | |`);
    figures.push({ name, value: percentile(lags, p), unit: 'ms', ...goalOf(name, percentile(lags, p)) });
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'heed-bench-'));
  // The store runs in its own process, as in production: the client's CPU is not the store's.
  const store = await startStoreProcess(join(dir, 'store'), { HEED_STORE_SYNC: synchronous });
  const client = EventStoreDBClient.connectionString(store.url);
  try {
    for (const [batch, writers, events] of [
      [100, 1, 20_000],
      [100, 50, 50_000],
      [1, 1, 500],
      [1, 50, 10_000],
    ] as const) {
      const n = events * scale;
      const meter = cpuMeter({ store: store.pid, client: undefined });
      const storeRate = await appendRate(client, n, batch, writers);
      const cpu = meter.read();
      const rawMeter = cpuMeter({ raw: undefined });
      const rawRate = rawInsert(dir, n, batch * writers);
      const rawCpu = rawMeter.read().raw / n;
      const name = `append, batches of ${batch}, ${writers} writer(s)`;
      record(name, storeRate, rawRate, 'events/s');
      cpuRecord(`${name}: store CPU per event`, cpu.store / n, rawCpu);
      cpuRecord(`${name}: client CPU per event`, cpu.client / n, rawCpu);
    }
    if (!appendCpuOnly) await readFigures(client, dir);
  } finally {
    await client.dispose();
    await store.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}; synchronous=${synchronous}\n\n| operation | embedded store | better-sqlite3 directly | ratio |\n|---|---|---|---|\n${rows.join('\n')}`,
  );
  console.log(JSON.stringify({ area: 'store', figures, notes: [`synchronous=${synchronous}`] }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
