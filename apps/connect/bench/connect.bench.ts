/**
 * `npm run bench:connect [-- --long]`: delivery to a local receiver, beside a bare HTTP client loop
 * to the same receiver measured in the same run (the limit), and the latency from the append of a
 * command to its arrival at the receiver at a steady 200 commands/s. The store runs in its own
 * process (apps/store), as in a deployment; connect, the receiver and the client loop share this
 * one. Prints a table, then one JSON result line.
 */
import 'reflect-metadata';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import type { Destination } from '@heed/connect';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quantile } from 'simple-statistics';
import { startStoreProcess } from '../../../scripts/bench/store-process';
import { ConnectConfig } from '../src/connect.config';
import { startConnect } from '../src/start-connect';

const long = process.argv.includes('--long');
const COMMANDS = long ? 20_000 : 4_000;
const LATENCY_SECONDS = long ? 30 : 8;
const CONCURRENCY = 64;
const CUSTOMERS = 500;

interface Receiver {
  readonly url: string;
  count: number;
  readonly latencies: number[];
  onReceipt: (() => void) | undefined;
  stop(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    count: 0,
    latencies: [],
    onReceipt: undefined,
    stop: async () => undefined,
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data?: { appendedAt?: number } };
      if (body.data?.appendedAt !== undefined) receiver.latencies.push(Date.now() - body.data.appendedAt);
      receiver.count += 1;
      res.end('ok');
      receiver.onReceipt?.();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}`,
    stop: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

const destination = (url: string, startFrom: 'start' | 'end'): Destination => ({
  name: 'bench',
  kind: 'webhook',
  commands: ['CardFreezeRequested'],
  url: `${url}/hook`,
  secrets: ['whsec-bench-0123456789abcdef'],
  authorization: undefined,
  from: undefined,
  to: undefined,
  startFrom,
  policy: {
    maxAttempts: 5,
    timeoutMs: 5_000,
    concurrency: CONCURRENCY,
    ratePerSecond: undefined,
    backoffInitialMs: 50,
    backoffMaxMs: 1_000,
    breakerFailureThreshold: 50,
    breakerOpenMs: 1_000,
  },
});

const command = (customerId: string, appendedAt?: number) =>
  jsonEvent({
    type: 'CardFreezeRequested',
    data: {
      version: 1,
      customerId,
      requestedAt: new Date().toISOString(),
      reasons: ['bench'],
      data: { cardId: 'card-1', transactionId: randomUUID(), fraudScore: 90, contributions: [], appendedAt },
    },
  });

const waitFor = (receiver: Receiver, count: number): Promise<void> =>
  new Promise((resolve) => {
    if (receiver.count >= count) return resolve();
    receiver.onReceipt = () => {
      if (receiver.count >= count) {
        receiver.onReceipt = undefined;
        resolve();
      }
    };
  });

/** The limit: the same requests (same body size, same concurrency) from a bare fetch loop. */
async function bareLoop(url: string, requests: number): Promise<number> {
  const body = JSON.stringify({
    id: randomUUID(),
    type: 'CardFreezeRequested',
    data: { cardId: 'card-1', reasons: ['bench'] },
  });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < requests)
        await (
          await fetch(`${url}/bare`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } })
        ).text();
    }),
  );
  return requests / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'heed-bench-connect-'));
  const store = await startStoreProcess(dataDir);
  const client = EventStoreDBClient.connectionString(store.url);
  const receiver = await startReceiver();
  try {
    const limit = await bareLoop(receiver.url, COMMANDS);
    receiver.count = 0;

    // Throughput: a backlog of commands, then connect drains it.
    const run = randomUUID().slice(0, 8);
    for (let c = 0; c < CUSTOMERS; c++)
      await client.appendToStream(
        `lifecycle-${run}-${c}`,
        Array.from({ length: COMMANDS / CUSTOMERS }, () => command(`${run}-${c}`)),
      );
    const config = Object.assign(new ConnectConfig(), { groupPrefix: `bench-${run}` });
    const started = performance.now();
    const drain = await startConnect(config, {
      client,
      destinations: [destination(receiver.url, 'start')],
      logger: false,
    });
    await waitFor(receiver, COMMANDS);
    const perSecond = COMMANDS / ((performance.now() - started) / 1000);
    await drain.stop();

    // Latency at 200 commands/s: append → receiver.
    receiver.count = 0;
    const live = await startConnect(Object.assign(new ConnectConfig(), { groupPrefix: `bench-live-${run}` }), {
      client,
      destinations: [destination(receiver.url, 'end')],
      logger: false,
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const total = 200 * LATENCY_SECONDS;
    const t0 = performance.now();
    for (let i = 0; i < total; i++) {
      const due = t0 + i * 5;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      void client.appendToStream(
        `lifecycle-${run}-live-${i % CUSTOMERS}`,
        command(`${run}-live-${i % CUSTOMERS}`, Date.now()),
      );
    }
    await waitFor(receiver, total);
    await live.stop();
    const p50 = quantile(receiver.latencies, 0.5);
    const p99 = quantile(receiver.latencies, 0.99);

    const rows = [
      ['bare HTTP client loop (the limit)', `${Math.round(limit)} req/s`, ''],
      [
        'connect, signed webhook, outcome recorded',
        `${Math.round(perSecond)} deliveries/s`,
        `${(perSecond / limit).toFixed(2)} of the limit`,
      ],
      ['latency append → receiver at 200/s, p50', `${p50} ms`, 'goal ≤ 20 ms'],
      ['latency append → receiver at 200/s, p99', `${p99} ms`, 'goal ≤ 100 ms'],
    ];
    console.log(
      `connect benchmark (${COMMANDS} commands, ${CUSTOMERS} customers, concurrency ${CONCURRENCY}; ${total} at 200/s)`,
    );
    for (const [what, figure, note] of rows) console.log(`  ${what!.padEnd(45)} ${figure!.padStart(20)}  ${note}`);
    console.log(
      JSON.stringify({
        bench: 'connect',
        limitPerSecond: Math.round(limit),
        deliveriesPerSecond: Math.round(perSecond),
        ratio: Number((perSecond / limit).toFixed(2)),
        p50Ms: p50,
        p99Ms: p99,
      }),
    );
  } finally {
    await receiver.stop();
    await client.dispose();
    await store.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
