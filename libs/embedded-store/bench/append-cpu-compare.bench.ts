/**
 * `node -r @swc-node/register libs/embedded-store/bench/append-cpu-compare.bench.ts --before=<tree>
 * [--rounds=5] [--only=single50]`: the store CPU per appended event (issue #26) of two checkouts of
 * the repository, this one and `<tree>` (a `git worktree` of the commit before a change), measured
 * in one run with the two interleaved, several rounds, so that a noisy machine's drift falls on both
 * alike. Each round starts a fresh store process of each tree side by side, runs the same appends
 * through @eventstore/db-client in chunks that alternate between the two, reads each store's CPU from
 * `/proc`, and prints per case the medians and ranges of both and of their ratio (after ÷ before).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { cpuMicros } from '../../../scripts/bench/cpu-time';
import { startStoreProcess, type StoreProcess } from '../../../scripts/bench/store-process';

const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const before = arg('before');
if (before === undefined) throw new Error('--before=<directory of the other checkout> is required');
const rounds = Number(arg('rounds') ?? 5);
const only = arg('only');
/** Each case's events, cut into this many chunks that alternate between the two stores. */
const CHUNKS = 6;
const payload = { customerId: 'c-1', amount: 1250, currency: 'EUR', country: 'FR', at: new Date(0).toISOString() };

const cases = [
  { name: 'single50', label: 'batches of 1, 50 writers', batch: 1, writers: 50, events: 12_000 },
  { name: 'single1', label: 'batches of 1, 1 writer', batch: 1, writers: 1, events: 2_400 },
  { name: 'batch50', label: 'batches of 100, 50 writers', batch: 100, writers: 50, events: 60_000 },
].filter((c) => only === undefined || only.split(',').includes(c.name));

const trees = { before: resolve(before), after: process.cwd() };
type Tree = keyof typeof trees;

/** Appends `events` events in batches of `batch`, one writer per stream of `streams`. */
async function appendAll(
  client: EventStoreDBClient,
  streams: string[],
  events: number,
  batch: number,
): Promise<number> {
  const perWriter = Math.ceil(events / streams.length / batch);
  await Promise.all(
    streams.map(async (stream) => {
      for (let i = 0; i < perWriter; i++) {
        await client.appendToStream(
          stream,
          Array.from({ length: batch }, () => jsonEvent({ type: 'Paid', data: payload })),
        );
      }
    }),
  );
  return perWriter * batch * streams.length;
}

const newStreams = (writers: number): string[] =>
  Array.from({ length: writers }, (_, w) => `bench-${randomUUID()}-${w}`);

type Store = StoreProcess & { client: EventStoreDBClient; dir: string };

/**
 * Store CPU per event (µs) of each case, for each tree: both stores run side by side, and each case
 * is cut into chunks that alternate between them, so that both see the same moments of the machine.
 */
async function round(first: Tree): Promise<Record<Tree, number[]>> {
  const order: Tree[] = first === 'before' ? ['before', 'after'] : ['after', 'before'];
  const stores = {} as Record<Tree, Store>;
  try {
    for (const tree of order) {
      const dir = mkdtempSync(join(tmpdir(), 'heed-append-cpu-'));
      const store = await startStoreProcess(dir, { HEED_STORE_SYNC: 'normal' }, trees[tree]);
      stores[tree] = { ...store, dir, client: EventStoreDBClient.connectionString(store.url) };
    }
    for (const tree of order) await appendAll(stores[tree].client, newStreams(50), 500, 1); // warm-up
    const figures: Record<Tree, number[]> = { before: [], after: [] };
    for (const c of cases) {
      const used = { before: { cpu: 0, events: 0 }, after: { cpu: 0, events: 0 } };
      const writers = { before: newStreams(c.writers), after: newStreams(c.writers) };
      for (let chunk = 0; chunk < CHUNKS; chunk++) {
        for (const tree of chunk % 2 === 0 ? order : [...order].reverse()) {
          const start = cpuMicros(stores[tree].pid);
          used[tree].events += await appendAll(stores[tree].client, writers[tree], c.events / CHUNKS, c.batch);
          used[tree].cpu += cpuMicros(stores[tree].pid) - start;
        }
      }
      for (const tree of order) figures[tree].push(used[tree].cpu / used[tree].events);
    }
    return figures;
  } finally {
    for (const store of Object.values(stores)) {
      await store.client.dispose();
      await store.stop();
      rmSync(store.dir, { recursive: true, force: true });
    }
  }
}

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const range = (values: number[], digits: number): string =>
  `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;

async function main(): Promise<void> {
  const results: Record<Tree, number[][]> = { before: [], after: [] };
  for (let r = 0; r < rounds; r++) {
    const figures = await round(r % 2 === 0 ? 'before' : 'after');
    results.before.push(figures.before);
    results.after.push(figures.after);
    const line = cases
      .map((c, i) => `${c.name} ${figures.before[i]!.toFixed(1)} → ${figures.after[i]!.toFixed(1)} µs`)
      .join(', ');
    console.log(`round ${r + 1} (load ${loadavg()[0]!.toFixed(1)}): ${line}`);
  }
  console.log(
    `\n| store CPU per event | before: median (range) | after: median (range) | after ÷ before: median (range) |\n|---|---|---|---|`,
  );
  cases.forEach((c, i) => {
    const b = results.before.map((r) => r[i]!);
    const a = results.after.map((r) => r[i]!);
    const ratios = a.map((v, k) => v / b[k]!);
    console.log(
      `| ${c.label} | ${median(b).toFixed(1)} µs (${range(b, 1)}) | ${median(a).toFixed(1)} µs (${range(a, 1)}) | ${median(ratios).toFixed(2)} (${range(ratios, 2)}) |`,
    );
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
