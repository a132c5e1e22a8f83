import type { ComparisonSummary } from './comparison-summary';

/** Which machine a side of a what-if is. */
export type MachineDescription = Readonly<{
  /** What it is: `lifecycle` (the engine's), or the module it was loaded from. */
  machine: string;
  version: string;
}>;

/** One setting the change sets, with its value on each side. */
export type SettingChange = Readonly<{ setting: string; current: unknown; changed: unknown }>;

/** A figure measured against ground truth under both machines. */
export type QualityFigure = Readonly<{
  name: string;
  unit: 'ratio' | 'days' | 'count';
  current: number | null;
  changed: number | null;
}>;

/** Detection quality before and after, where the customers' ground truth is known. */
export type QualityComparison = Readonly<{
  /** Where the truth came from (a file). */
  truth: string;
  /** Customers both folded and in the truth: the figures are theirs. */
  customers: number;
  figures: readonly QualityFigure[];
}>;

/**
 * A what-if report. Everything but `run` is reproducible: the same store, options and seed give
 * the same report, whatever the number of workers.
 */
export type WhatIfReport = Readonly<{
  format: 'heed-whatif/1';
  change: Readonly<{
    /** The change file and/or machine module, as given. */
    source: string;
    current: MachineDescription;
    changed: MachineDescription;
    settings: readonly SettingChange[];
  }>;
  window: Readonly<{
    /** Decisions from this instant are reported (earlier ones are folded, not reported); null: from the first. */
    from: string | null;
    /** The horizon: timers due by it fire. */
    to: string;
    /** Where the horizon came from: `--to`, the store's latest input, or the customers' own latest. */
    toFrom: 'option' | 'store' | 'customers';
    /** Inputs timed after the horizon: left out (`--to`), or folded all the same (the default). */
    inputsAfterTo: 'skipped' | 'folded';
  }>;
  selection: Readonly<{
    customers: 'all' | 'sample' | 'ids';
    /** Customers in the store's customer category (all, sample), or null when they were named. */
    available: number | null;
    sample: number | null;
    seed: number | null;
    /** Named customers without a stream. */
    missing: readonly string[];
  }>;
  summary: ComparisonSummary;
  quality: QualityComparison | null;
  run: Readonly<{ workers: number; seconds: number; inputsPerSecond: number }>;
}>;
