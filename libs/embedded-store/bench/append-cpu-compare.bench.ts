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
import { loadavg } from 'node:os';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { cpuMicros } from '../../../scripts/bench/cpu-time';
import { comparisonOf, median, range, withStores, type Tree } from './compare-trees';

const { trees, rounds, runs } = comparisonOf(process.argv);
/** Each case's events, cut into this many chunks that alternate between the two stores. */
const CHUNKS = 6;
const payload = { customerId: 'c-1', amount: 1250, currency: 'EUR', country: 'FR', at: new Date(0).toISOString() };

const cases = [
  { name: 'single50', label: 'batches of 1, 50 writers', batch: 1, writers: 50, events: 12_000 },
  { name: 'single1', label: 'batches of 1, 1 writer', batch: 1, writers: 1, events: 2_400 },
  { name: 'batch50', label: 'batches of 100, 50 writers', batch: 100, writers: 50, events: 60_000 },
].filter((c) => runs(c.name));

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

/**
 * Store CPU per event (µs) of each case, for each tree: both stores run side by side, and each case
 * is cut into chunks that alternate between them, so that both see the same moments of the machine.
 */
async function round(first: Tree): Promise<Record<Tree, number[]>> {
  const order: Tree[] = first === 'before' ? ['before', 'after'] : ['after', 'before'];
  const options = {
    env: { HEED_STORE_SYNC: 'normal' },
    connect: (url: string) => EventStoreDBClient.connectionString(url),
  };
  return withStores(trees, order, options, async (stores) => {
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
  });
}

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
