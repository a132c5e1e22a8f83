/**
 * `node -r @swc-node/register libs/embedded-store/bench/read-cpu-compare.bench.ts --before=<tree>
 * [--rounds=5] [--only=stream,category]`: the CPU per event read (issue #26) of two checkouts of the
 * repository, this one and `<tree>` (a `git worktree` of the commit before a change), measured in
 * one run with the two interleaved, several rounds. Each round starts a store process of each tree
 * side by side, writes the same events to both, then reads them through Heed's client
 * (`connectStore`, as the engine reads) in turns, and prints per case the medians and ranges of the
 * store's CPU per event (from `/proc`), of this process's (the reading client's), and of their
 * ratios (after ÷ before).
 *
 * Cases: `stream`, one customer's 10,000 signals read forwards (a rehydration's read); `category`,
 * `$ce-customer` read forwards with links resolved, 10,000 signals of 50 customers.
 */
import { jsonEvent, type EventStoreDBClient } from '@eventstore/db-client';
import { connectStore, customerStream } from '@heed/event-store';
import { loadavg } from 'node:os';
import { everydayMix } from '../../domain/src/testing';
import { cpuMicros } from '../../../scripts/bench/cpu-time';
import { comparisonOf, median, range, withStores, type Tree } from './compare-trees';

const { trees, rounds, runs } = comparisonOf(process.argv);
/** Reads of each case per tree and round, in turns between the two stores. */
const READS = 6;
const EVENTS = 10_000;
const CUSTOMERS = 50;

const cases = [
  { name: 'stream', label: 'one stream of 10,000 events, forwards', stream: customerStream('reader-0'), links: false },
  { name: 'category', label: '`$ce-customer` (links resolved), 10,000 events', stream: '$ce-customer', links: true },
].filter((c) => runs(c.name));

type Figures = Record<Tree, { store: number[]; client: number[] }>;

/** The events each store holds: one customer's 10,000 signals, and 10,000 more over 50 customers. */
async function seed(client: EventStoreDBClient): Promise<void> {
  const stored = (customer: string, n: number) =>
    everydayMix(n, customer).map((s) =>
      jsonEvent({
        type: s.type,
        data: { customerId: s.customerId, occurredAt: s.occurredAt, version: s.version, properties: s.properties },
      }),
    );
  const one = stored('reader-0', EVENTS);
  for (let i = 0; i < one.length; i += 500)
    await client.appendToStream(customerStream('reader-0'), one.slice(i, i + 500));
  for (let c = 1; c <= CUSTOMERS; c++) {
    await client.appendToStream(customerStream(`reader-${c}`), stored(`reader-${c}`, EVENTS / CUSTOMERS));
  }
}

async function readAll(client: EventStoreDBClient, stream: string, links: boolean): Promise<number> {
  let n = 0;
  for await (const _ of client.readStream(stream, { resolveLinkTos: links })) n++;
  return n;
}

async function round(first: Tree): Promise<Figures> {
  const order: Tree[] = first === 'before' ? ['before', 'after'] : ['after', 'before'];
  return withStores(trees, order, { connect: (url) => connectStore({ url }) }, async (stores) => {
    for (const tree of order) await seed(stores[tree].client);
    const figures: Figures = { before: { store: [], client: [] }, after: { store: [], client: [] } };
    for (const c of cases) {
      for (const tree of order) await readAll(stores[tree].client, c.stream, c.links); // warm-up
      const used = { before: { store: 0, client: 0, events: 0 }, after: { store: 0, client: 0, events: 0 } };
      for (let read = 0; read < READS; read++) {
        for (const tree of read % 2 === 0 ? order : [...order].reverse()) {
          const store = cpuMicros(stores[tree].pid);
          const client = cpuMicros();
          used[tree].events += await readAll(stores[tree].client, c.stream, c.links);
          used[tree].client += cpuMicros() - client;
          used[tree].store += cpuMicros(stores[tree].pid) - store;
        }
      }
      for (const tree of order) {
        figures[tree].store.push(used[tree].store / used[tree].events);
        figures[tree].client.push(used[tree].client / used[tree].events);
      }
    }
    return figures;
  });
}

async function main(): Promise<void> {
  const results: Figures[] = [];
  for (let r = 0; r < rounds; r++) {
    const figures = await round(r % 2 === 0 ? 'before' : 'after');
    results.push(figures);
    const line = cases
      .map(
        (c, i) =>
          `${c.name} store ${figures.before.store[i]!.toFixed(1)} → ${figures.after.store[i]!.toFixed(1)} µs, client ${figures.before.client[i]!.toFixed(1)} → ${figures.after.client[i]!.toFixed(1)} µs`,
      )
      .join('; ');
    console.log(`round ${r + 1} (load ${loadavg()[0]!.toFixed(1)}): ${line}`);
  }
  console.log(
    `\n| CPU per event read | store before | store after | store after ÷ before | client before | client after | client after ÷ before |\n|---|---|---|---|---|---|---|`,
  );
  cases.forEach((c, i) => {
    const cells = (side: 'store' | 'client'): string => {
      const b = results.map((r) => r.before[side][i]!);
      const a = results.map((r) => r.after[side][i]!);
      const ratios = a.map((v, k) => v / b[k]!);
      return `${median(b).toFixed(1)} µs (${range(b, 1)}) | ${median(a).toFixed(1)} µs (${range(a, 1)}) | ${median(ratios).toFixed(2)} (${range(ratios, 2)})`;
    };
    console.log(`| ${c.label} | ${cells('store')} | ${cells('client')} |`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
