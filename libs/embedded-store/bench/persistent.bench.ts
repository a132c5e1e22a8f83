/**
 * `node -r @swc-node/register libs/embedded-store/bench/persistent.bench.ts [--events=10000] [--profile=<dir>] [--only=<row>]`:
 * delivery rate of a persistent subscription group through @eventstore/db-client, with the store
 * in its own process (as `store.bench.ts`). 50 `customer-*` streams are written, then each row
 * reads them through a new `Pinned` group (`bufferSize` 512) from the start. `--profile` runs the
 * store under `node --cpu-prof` and writes its profile into that directory. Prints a Markdown table.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import {
  EventStoreDBClient,
  jsonEvent,
  PINNED,
  persistentSubscriptionToStreamSettingsFromDefaults,
  type PersistentSubscriptionToStream,
  type ResolvedEvent,
  START,
} from '@eventstore/db-client';

const option = (name: string): string | undefined =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);

const events = Number(option('events') ?? 10_000);
const profileDir = option('profile');
const streams = 50;
const bufferSize = 512;
const payload = { customerId: 'c-1', amount: 1250, currency: 'EUR', country: 'FR', at: new Date(0).toISOString() };

/** CPU time (user + system) a process has used, in ms, from `/proc` (Linux). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime, fields 14 and 15 of stat, in clock ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** How the consumer acknowledges: one awaited ack per event, batches of n, or one batch per event-loop turn. */
type AckMode = { kind: 'each' } | { kind: 'batch'; size: number } | { kind: 'turn' };

/** Consumes `expected` events through a new group and returns events per second from subscribe to the last one. */
async function consume(
  client: EventStoreDBClient,
  stream: string,
  resolveLinkTos: boolean,
  expected: number,
  mode: AckMode,
): Promise<number> {
  const group = `bench-${randomUUID()}`;
  await client.createPersistentSubscriptionToStream(
    stream,
    group,
    persistentSubscriptionToStreamSettingsFromDefaults({
      startFrom: START,
      resolveLinkTos,
      consumerStrategyName: PINNED,
    }),
  );
  const start = performance.now();
  const subscription: PersistentSubscriptionToStream = client.subscribeToPersistentSubscriptionToStream(stream, group, {
    bufferSize,
  });
  let received = 0;
  let pending: ResolvedEvent[] = [];
  let turnScheduled = false;
  const flush = (): void => {
    turnScheduled = false;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    void subscription.ack(...batch);
  };
  for await (const event of subscription) {
    received += 1;
    if (mode.kind === 'each') {
      await subscription.ack(event);
    } else {
      pending.push(event);
      if (mode.kind === 'batch' && pending.length >= mode.size) flush();
      if (mode.kind === 'turn' && !turnScheduled) {
        turnScheduled = true;
        setImmediate(flush);
      }
    }
    if (received === expected) break;
  }
  const rate = received / ((performance.now() - start) / 1000);
  flush();
  await subscription.unsubscribe();
  await client.deletePersistentSubscriptionToStream(stream, group);
  return rate;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'heed-bench-persistent-'));
  const nodeArgs = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`];
  const store = spawn(process.execPath, [...nodeArgs, '-r', '@swc-node/register', 'apps/store/src/main.ts'], {
    env: { ...process.env, HEED_STORE_PORT: '0', HEED_DATA_DIR: join(dir, 'store') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const connectionString = await new Promise<string>((done) =>
    createInterface({ input: store.stdout }).once('line', done),
  );
  const client = EventStoreDBClient.connectionString(connectionString);
  const rows: string[] = [];
  try {
    // The category is unique per run so that `$ce-<category>` holds exactly this run's events.
    const category = `customer${randomUUID().slice(0, 8)}`;
    const plain = `plain-${randomUUID()}`;
    const perStream = Math.ceil(events / streams);
    for (let s = 0; s < streams; s++) {
      await client.appendToStream(
        `${category}-${s}`,
        Array.from({ length: perStream }, () => jsonEvent({ type: 'SignalRecorded', data: payload })),
      );
    }
    for (let i = 0; i < perStream * streams; i += 500) {
      await client.appendToStream(
        plain,
        Array.from({ length: 500 }, () => jsonEvent({ type: 'SignalRecorded', data: payload })),
      );
    }
    const total = perStream * streams;
    const runs: Array<[string, string, boolean, AckMode]> = [
      ['`$ce-customer`, resolveLinkTos, each ack awaited', `$ce-${category}`, true, { kind: 'each' }],
      ['`$ce-customer`, resolveLinkTos, acks in batches of 64', `$ce-${category}`, true, { kind: 'batch', size: 64 }],
      ['`$ce-customer`, resolveLinkTos, acks batched per event-loop turn', `$ce-${category}`, true, { kind: 'turn' }],
      ['plain stream, acks in batches of 64', plain, false, { kind: 'batch', size: 64 }],
    ];
    // `--only=<row number>` (1-based) runs one row, for a profile of that consumer alone.
    const only = option('only');
    for (const [name, stream, resolveLinkTos, mode] of only === undefined ? runs : [runs[Number(only) - 1]!]) {
      const storeBefore = cpuMsOf(store.pid!);
      const clientBefore = process.cpuUsage();
      const rate = await consume(client, stream, resolveLinkTos, total, mode);
      const clientCpu = process.cpuUsage(clientBefore);
      const storeUs = ((cpuMsOf(store.pid!) - storeBefore) * 1000) / total;
      const clientUs = (clientCpu.user + clientCpu.system) / total;
      rows.push(`| ${name} | ${rate.toFixed(0)} events/s | ${storeUs.toFixed(0)} µs | ${clientUs.toFixed(0)} µs |`);
    }
  } finally {
    await client.dispose();
    store.kill('SIGTERM');
    await new Promise((done) => store.once('exit', done));
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`${events} events, ${streams} streams, Pinned, bufferSize ${bufferSize}\n`);
  console.log(
    `| consumer | delivery | store CPU per event | client CPU per event |\n|---|---|---|---|\n${rows.join('\n')}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
