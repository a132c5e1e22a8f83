import type { EventStoreDBClient } from '@eventstore/db-client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startStoreProcess, type StoreProcess } from '../../../scripts/bench/store-process';

/**
 * What the `*-compare.bench.ts` scripts share: they measure this checkout against another one
 * (`--before=<tree>`, a `git worktree` of the commit before a change) in one run, interleaved,
 * `--rounds=N` times, optionally on some of their cases only (`--only=a,b`).
 */
export type Tree = 'before' | 'after';

export interface Comparison {
  /** The two checkouts' directories: `after` is this one. */
  readonly trees: Readonly<Record<Tree, string>>;
  readonly rounds: number;
  /** Whether the case of this name runs. */
  readonly runs: (name: string) => boolean;
}

/** The comparison the command line asks for; `--before` is required. */
export function comparisonOf(argv: readonly string[], defaultRounds = 5): Comparison {
  const arg = (name: string): string | undefined =>
    argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const before = arg('before');
  if (before === undefined) throw new Error('--before=<directory of the other checkout> is required');
  const only = arg('only')?.split(',');
  return {
    trees: { before: resolve(before), after: process.cwd() },
    rounds: Number(arg('rounds') ?? defaultRounds),
    runs: (name) => only === undefined || only.includes(name),
  };
}

export const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export const range = (values: readonly number[], digits: number): string =>
  `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;

/** A store process of one tree, with a client of it and its data directory. */
export type ComparedStore = StoreProcess & { client: EventStoreDBClient };

/**
 * Runs `work` with a store process of each tree side by side (started in `order`, each with a
 * client from `connect`), and stops and removes both afterwards.
 */
export async function withStores<T>(
  trees: Readonly<Record<Tree, string>>,
  order: readonly Tree[],
  options: { env?: Record<string, string>; connect: (url: string) => EventStoreDBClient },
  work: (stores: Readonly<Record<Tree, ComparedStore>>) => Promise<T>,
): Promise<T> {
  const stores: Partial<Record<Tree, ComparedStore & { dir: string }>> = {};
  try {
    for (const tree of order) {
      const dir = mkdtempSync(join(tmpdir(), 'heed-compare-'));
      const store = await startStoreProcess(dir, options.env ?? {}, trees[tree]);
      stores[tree] = { ...store, dir, client: options.connect(store.url) };
    }
    return await work(stores as Record<Tree, ComparedStore>);
  } finally {
    for (const store of Object.values(stores)) {
      await store.client.dispose();
      await store.stop();
      rmSync(store.dir, { recursive: true, force: true });
    }
  }
}
