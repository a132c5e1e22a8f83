/**
 * `npm run bench:scaling [-- --long] [-- --replicas=1,2,3]`: the engine with 1, 2 and 3 replicas
 * sharing its Pinned persistent-subscription group on the embedded store, the same workload for
 * each: a backlog of signals of many customers, caught up by the replicas together.
 *
 * Every process is its own, as in a deployment: the store (apps/store) and each replica
 * (apps/engine, started by test/chaos/heed-process.ts). For each replica count, on a fresh store:
 * the replicas start and subscribe, are paused (SIGSTOP), the backlog is appended, and they are
 * resumed together; the run ends when their `heed_engine_signals_total{outcome="processed"}` add up to
 * the backlog. Printed: signals/s of all replicas, beside the one-replica run as the limit (ratio =
 * speed-up), and the CPU per signal of each replica and of the store (from /proc), beside the
 * machine's cores: on a 2-core machine the replicas and the store share them. The last line is the
 * figures as JSON, for `npm run bench`.
 */
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import type { CustomerSignal } from '@heed/domain';
import { customerStream, connectStore } from '@heed/event-store';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { everydayMix } from '../../../libs/domain/src/testing';
import { cpuMicros } from '../../../scripts/bench/cpu-time';
import { startStoreProcess, type StoreProcess } from '../../../scripts/bench/store-process';
import { HeedProcess } from '../../../test/chaos/heed-process';

const long = process.argv.includes('--long');
const replicaCounts = (process.argv.find((a) => a.startsWith('--replicas='))?.slice('--replicas='.length) ?? '1,2,3')
  .split(',')
  .map(Number);
const customers = long ? 2_000 : 400;
const perCustomer = 25;
const API_KEY = 'bench-scaling-key-0123456789';

interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly limit?: { readonly name: string; readonly value: number };
  readonly goal?: string;
  readonly met?: boolean;
}
const figures: Figure[] = [];

const stored = (s: CustomerSignal) =>
  jsonEvent({
    type: s.type,
    data: { customerId: s.customerId, occurredAt: s.occurredAt, version: s.version, properties: s.properties },
  });

/** Appends the backlog interleaved across customers in runs of 5, as live traffic arrives. */
async function appendBacklog(client: EventStoreDBClient, byCustomer: Map<string, CustomerSignal[]>): Promise<void> {
  const work: Array<[string, CustomerSignal[]]> = [];
  for (let from = 0; from < perCustomer; from += 5) {
    for (const [id, signals] of byCustomer) work.push([id, signals.slice(from, from + 5)]);
  }
  work.reverse();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let next = work.pop(); next; next = work.pop()) {
        await client.appendToStream(customerStream(next[0]), next[1].map(stored));
      }
    }),
  );
}

/** Signals a replica has processed (outputs durable, acknowledged) so far, from its `/metrics`. */
async function processedBy(engine: HeedProcess): Promise<number> {
  const response = await fetch(`${engine.url}/metrics`, { headers: { 'x-api-key': API_KEY } });
  const text = await response.text();
  const line = text.split('\n').find((l) => l.startsWith('heed_engine_signals_total') && l.includes('"processed"'));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

interface Run {
  readonly replicas: number;
  readonly rate: number;
  readonly perReplica: ReadonlyArray<{ signals: number; cpuPerSignal: number; cpuShare: number }>;
  /** CPU of all replicas per signal of the backlog, µs. */
  readonly engineCpu: number;
  readonly storeCpu: number;
  readonly seconds: number;
}

async function runWith(replicas: number, dir: string): Promise<Run> {
  const store: StoreProcess = await startStoreProcess(join(dir, `store-${replicas}`));
  const client = connectStore({ url: store.url });
  const group = `scaling-${randomUUID().slice(0, 8)}`;
  const engines: HeedProcess[] = [];
  try {
    for (let slot = 0; slot < replicas; slot++) {
      engines.push(
        await HeedProcess.start('engine', {
          HEED_STORE_URL: store.url,
          HEED_API_KEYS: API_KEY,
          HEED_ENGINE_PORT: '0',
          HEED_ENGINE_HOST: '127.0.0.1',
          HEED_ENGINE_GROUP: group,
          HEED_DATA_DIR: dir,
          HEED_ENGINE_READ_MODEL: join(dir, `engine-${replicas}-${slot}.sqlite`),
          HEED_TIMER_TICK_MS: String(3_600_000),
          HEED_LOG_LEVEL: 'warn',
        }),
      );
    }
    // Subscribed and idle: give the last one a moment to join the group before the pause.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    for (const engine of engines) engine.pause();
    const byCustomer = new Map(
      Array.from({ length: customers }, () => {
        const id = `sc${randomUUID().slice(0, 8)}`;
        return [id, everydayMix(perCustomer, id)] as const;
      }),
    );
    const total = customers * perCustomer;
    await appendBacklog(client, byCustomer);

    const cpuBefore = engines.map((e) => cpuMicros(e.pid));
    const storeBefore = cpuMicros(store.pid);
    const start = performance.now();
    for (const engine of engines) engine.resume();
    let counts = engines.map(() => 0);
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      counts = await Promise.all(engines.map(processedBy));
      if (counts.reduce((a, b) => a + b, 0) >= total) break;
      if (performance.now() - start > 600_000) throw new Error(`not caught up in 10 min: ${counts.join(', ')}`);
    }
    const seconds = (performance.now() - start) / 1000;
    const cpu = engines.map((e, i) => cpuMicros(e.pid) - cpuBefore[i]!);
    const storeCpu = cpuMicros(store.pid) - storeBefore;
    const allCpu = cpu.reduce((a, b) => a + b, 0);
    return {
      replicas,
      rate: total / seconds,
      seconds,
      perReplica: cpu.map((micros, i) => ({
        signals: counts[i]!,
        cpuPerSignal: counts[i]! > 0 ? micros / counts[i]! : Number.NaN,
        // Of the whole run's wall time, how much of one core this replica used.
        cpuShare: micros / 1e6 / seconds,
      })),
      engineCpu: allCpu / total,
      storeCpu: storeCpu / total,
    };
  } finally {
    for (const engine of engines) await engine.stop(10_000).catch(() => undefined);
    await client.dispose();
    await store.stop();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'heed-bench-scaling-'));
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}${long ? ', --long' : ''}`,
  );
  console.log(`workload: ${customers} customers × ${perCustomer} signals, one backlog per replica count`);
  const runs: Run[] = [];
  try {
    for (const replicas of replicaCounts) {
      const run = await runWith(replicas, dir);
      runs.push(run);
      console.log(
        `${replicas} replica(s): ${run.rate.toFixed(0)} signals/s in ${run.seconds.toFixed(1)} s; engine CPU ${run.engineCpu.toFixed(0)} µs/signal, store ${run.storeCpu.toFixed(0)} µs/signal; load average ${loadavg()[0]!.toFixed(1)}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const one = runs.find((r) => r.replicas === 1) ?? runs[0]!;
  console.log(
    '\n| replicas | signals/s | speed-up | engine CPU µs/signal (all replicas) | store CPU µs/signal | per replica: signals, CPU µs/signal, cores used |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const run of runs) {
    const each = run.perReplica
      .map((r) => `${r.signals}, ${r.cpuPerSignal.toFixed(0)} µs, ${r.cpuShare.toFixed(2)}`)
      .join(' / ');
    console.log(
      `| ${run.replicas} | ${run.rate.toFixed(0)} | ${(run.rate / one.rate).toFixed(2)} | ${run.engineCpu.toFixed(0)} | ${run.storeCpu.toFixed(0)} | ${each} |`,
    );
    figures.push(
      {
        name: `${run.replicas} replica(s), signals/s (${customers * perCustomer} signals)`,
        value: run.rate,
        unit: 'signals/s',
        limit: { name: '1 replica, signals/s', value: one.rate },
      },
      {
        name: `${run.replicas} replica(s), engine CPU per signal (all replicas)`,
        value: run.engineCpu,
        unit: 'µs',
        limit: { name: '1 replica, engine CPU per signal', value: one.engineCpu },
        goal: '<= 80 µs',
        met: run.engineCpu <= 80,
      },
      {
        name: `${run.replicas} replica(s), store CPU per signal`,
        value: run.storeCpu,
        unit: 'µs',
        limit: { name: '1 replica, store CPU per signal', value: one.storeCpu },
        goal: 'report',
      },
    );
  }
  console.log(JSON.stringify({ area: 'scaling', figures, notes: [`${customers} customers × ${perCustomer} signals`] }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
