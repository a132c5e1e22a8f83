/**
 * `node -r @swc-node/register libs/embedded-store/bench/memory.bench.ts [--events=N]`: the store's
 * resident memory as it grows to N events (default 1,000,000; the figure is 10,000,000),
 * sampled from /proc while a client appends in batches, then after a read of the whole `$all`.
 * Memory must stay flat: nothing in the store grows with the number of events.
 */
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

const total = Number(process.argv.find((a) => a.startsWith('--events='))?.slice('--events='.length) ?? 1_000_000);
const rssMiB = (pid: number): number => {
  const line =
    readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:')) ?? '';
  return Number(/(\d+)/.exec(line)?.[1] ?? 0) / 1024;
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'heed-store-memory-'));
  const store = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/store/src/main.ts'], {
    env: { ...process.env, HEED_STORE_PORT: '0', HEED_DATA_DIR: dir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve) => createInterface({ input: store.stdout }).once('line', resolve));
  const client = EventStoreDBClient.connectionString(url);
  const pid = store.pid!;
  const samples: Array<[number, number]> = [[0, rssMiB(pid)]];
  const data = { customerId: 'c', occurredAt: new Date(0).toISOString(), version: 1, properties: { path: '/pricing' } };
  const start = performance.now();
  let appended = 0;
  let nextSample = total / 10;
  await Promise.all(
    Array.from({ length: 8 }, async (_, worker) => {
      for (let batch = worker; batch * 1_000 < total; batch += 8) {
        await client.appendToStream(
          `customer-m${batch % 50_000}`,
          Array.from({ length: 1_000 }, () => jsonEvent({ type: 'PageViewed', data })),
        );
        appended += 1_000;
        if (appended >= nextSample) {
          nextSample += total / 10;
          samples.push([appended, rssMiB(pid)]);
          console.log(`${appended.toLocaleString('en')} events: store RSS ${rssMiB(pid).toFixed(0)} MiB`);
        }
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  let read = 0;
  for await (const _ of client.readAll({ maxCount: 200_000 })) read++;
  const afterRead = rssMiB(pid);
  console.log(
    `appended ${appended.toLocaleString('en')} events in ${seconds.toFixed(0)} s; read ${read} from $all; store RSS ${afterRead.toFixed(0)} MiB`,
  );
  await client.dispose();
  store.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      area: 'store',
      figures: [
        {
          name: `store RSS with ${total} events`,
          value: Math.max(...samples.map((s) => s[1]), afterRead),
          unit: 'MiB',
          goal: 'a few hundred MiB with 10,000,000 events',
        },
      ],
      series: { rssMiB: samples },
    }),
  );
}

void main();
