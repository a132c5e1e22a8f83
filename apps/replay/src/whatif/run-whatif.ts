import { EventStoreDBClient } from '@eventstore/db-client';
import { ReplayError, seededSample, summarizeComparisons, type WhatIfReport } from '@heed/replay';
import { performance } from 'node:perf_hooks';
import type { FoldJob, SourceSpec } from './customer-folder';
import { latestInputTime, latestInputTimeOf, listCustomers, type StoreReader } from './customer-histories';
import { foldCustomers } from './fold-pool';
import {
  describeVariant,
  loadPair,
  readSettingsFile,
  resolveMachineModule,
  settingChanges,
  type PairSpec,
} from './machine-variants';
import { compareQuality, readTruth } from './truth-quality';

/** Whom a what-if folds. */
export type CustomerSelection =
  | Readonly<{ kind: 'all' }>
  | Readonly<{ kind: 'sample'; size: number; seed: number }>
  | Readonly<{ kind: 'ids'; ids: readonly string[] }>;

/** A what-if run. */
export type WhatIfOptions = Readonly<{
  /** A JSON object of lifecycle settings the changed machine runs with (over the current ones). */
  changeFile?: string;
  /** A machine module the changed side runs (see `loadVariant`). */
  machine?: string;
  /** Settings of the deployed machine, when it does not run the defaults. */
  currentFile?: string;
  /** A machine module the current side runs (an upgrade plan's deployed machine). */
  currentMachine?: string;
  /** What the report calls the change; default the change file and machine module given. */
  title?: string;
  customers: CustomerSelection;
  /** ISO-8601: decisions before it are folded, not reported. */
  from?: string;
  /** ISO-8601: the horizon; default the store's latest input time. */
  to?: string;
  storeUrl: string;
  /** Worker threads; 0 folds in this thread. */
  workers: number;
  /** Ground truth of a simulated population: adds precision, recall and lead time before and after. */
  truthFile?: string;
  /** Examples per kind of change. Default 3. */
  examples?: number;
  batchSize?: number;
  /** Where histories come from, when not from the store (benchmarks). */
  source?: SourceSpec;
  /** Called once the customers are known, then after each batch. */
  onStart?: (customers: number) => void;
  onProgress?: (customers: number, inputs: number) => void;
}>;

const instant = (value: string, option: string): number => {
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new ReplayError('INVALID_OPTION', `${option}: expected an ISO-8601 date or instant, got "${value}"`);
  return ms;
};

async function selectCustomers(
  store: StoreReader,
  selection: CustomerSelection,
): Promise<{ ids: string[]; available: number | null }> {
  if (selection.kind === 'ids') return { ids: [...new Set(selection.ids)].sort(), available: null };
  const all = await listCustomers(store);
  if (all === undefined)
    throw new ReplayError(
      'INVALID_OPTION',
      '--customers: the store has no $ce-customer stream to list customers from (are the standard projections, $by_category, running?); name them instead: --customers <id,id,…>',
    );
  const ids = selection.kind === 'all' ? [...all].sort() : seededSample(all, selection.size, selection.seed);
  return { ids, available: all.length };
}

/**
 * Runs a what-if: reads the chosen customers' input streams (reads only: the tool never appends,
 * deletes or sets metadata), folds each through the current and the changed machine on a pool of
 * worker threads, and reports how their decisions differ.
 */
export async function runWhatIf(options: WhatIfOptions): Promise<WhatIfReport> {
  const started = performance.now();
  if (options.changeFile === undefined && options.machine === undefined && options.currentMachine === undefined)
    throw new ReplayError('INVALID_OPTION', 'nothing to compare: give --change <file.json> and/or --machine <module>');
  const currentSettings = options.currentFile === undefined ? {} : readSettingsFile(options.currentFile);
  const change = options.changeFile === undefined ? {} : readSettingsFile(options.changeFile);
  const pairSpec: PairSpec = {
    current: {
      settings: currentSettings,
      ...(options.currentMachine !== undefined && { module: resolveMachineModule(options.currentMachine) }),
    },
    changed: {
      settings: { ...currentSettings, ...change },
      ...(options.machine !== undefined && { module: resolveMachineModule(options.machine) }),
    },
  };
  // Loaded here first, so that a bad module fails with its own message before any worker starts.
  const pair = loadPair(pairSpec);
  const fromMs = options.from === undefined ? undefined : instant(options.from, '--from');
  const optionTo = options.to === undefined ? undefined : instant(options.to, '--to');
  if (fromMs !== undefined && optionTo !== undefined && fromMs >= optionTo)
    throw new ReplayError('INVALID_OPTION', `--from ${options.from} is not before --to ${options.to}`);
  const truth = options.truthFile === undefined ? undefined : readTruth(options.truthFile);

  const client = EventStoreDBClient.connectionString(options.storeUrl);
  const store: StoreReader = client;
  try {
    const { ids, available } = await selectCustomers(store, options.customers);
    let horizonMs = optionTo;
    let toFrom: WhatIfReport['window']['toFrom'] = 'option';
    if (horizonMs === undefined) {
      horizonMs = await latestInputTime(store);
      toFrom = 'store';
      if (horizonMs === undefined) {
        horizonMs = await latestInputTimeOf(store, ids);
        toFrom = 'customers';
      }
    }
    // No input anywhere: nothing will be folded.
    if (horizonMs === undefined) horizonMs = fromMs ?? 0;

    const job: FoldJob = {
      pair: pairSpec,
      source: options.source ?? { kind: 'store', connectionString: options.storeUrl },
      window: {
        ...(fromMs !== undefined && { fromMs }),
        // With --to, later inputs are left out; without, every input is folded.
        ...(optionTo !== undefined && { toMs: optionTo }),
        horizonMs,
      },
    };
    options.onStart?.(ids.length);
    const folded = await foldCustomers(job, ids, {
      workers: options.workers,
      ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
      ...(options.onProgress !== undefined && { onProgress: options.onProgress }),
    });
    const summary = summarizeComparisons(folded.comparisons, options.examples ?? 3);
    const seconds = (performance.now() - started) / 1000;
    const source = options.title ?? [options.changeFile, options.machine].filter((s) => s !== undefined).join(' with ');
    return {
      format: 'heed-whatif/1',
      change: {
        source,
        current: describeVariant(pairSpec.current, pair.current),
        changed: describeVariant(pairSpec.changed, pair.changed),
        settings: settingChanges(pairSpec.current.settings, pairSpec.changed.settings),
      },
      window: {
        from: fromMs === undefined ? null : new Date(fromMs).toISOString(),
        to: new Date(horizonMs).toISOString(),
        toFrom,
        inputsAfterTo: optionTo === undefined ? 'folded' : 'skipped',
      },
      selection: {
        customers: options.customers.kind,
        available,
        sample: options.customers.kind === 'sample' ? options.customers.size : null,
        seed: options.customers.kind === 'sample' ? options.customers.seed : null,
        missing: [...folded.missing].sort(),
      },
      summary,
      quality:
        truth === undefined || options.truthFile === undefined
          ? null
          : compareQuality(options.truthFile, truth, folded.comparisons),
      run: { workers: options.workers, seconds, inputsPerSecond: seconds === 0 ? 0 : summary.inputs / seconds },
    };
  } finally {
    await client.dispose();
  }
}
