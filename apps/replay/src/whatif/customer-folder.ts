import { EventStoreDBClient } from '@eventstore/db-client';
import type { RecordedInput } from '@heed/actors';
import { createComparer, type Comparer, type ComparisonWindow, type CustomerComparison } from '@heed/replay';
import { readHistory } from './customer-histories';
import { lifecycleLens } from './lifecycle-lens';
import { loadPair, type PairSpec } from './machine-variants';

/** Where histories come from: the store (read-only), or a module (benchmarks feed generated ones). */
export type SourceSpec =
  | Readonly<{ kind: 'store'; connectionString: string }>
  | Readonly<{ kind: 'module'; module: string; options?: unknown }>;

/** Customers' input histories, by customer id; undefined for a customer without a stream. */
export interface HistorySource {
  read(customerId: string): Promise<readonly RecordedInput[] | undefined>;
  close(): Promise<void>;
}

/** What a module source exports. */
export type HistorySourceModule = Readonly<{ openHistorySource(options: unknown): HistorySource }>;

/** Everything a folder needs, as data a worker thread can be given. */
export type FoldJob = Readonly<{ pair: PairSpec; source: SourceSpec; window: ComparisonWindow }>;

/** The comparisons of a batch of customers. */
export type BatchResult = Readonly<{
  comparisons: CustomerComparison[];
  /** Customers without a stream. */
  missing: string[];
}>;

function openSource(spec: SourceSpec): HistorySource {
  if (spec.kind === 'module') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a module named at run time
    return (require(spec.module) as HistorySourceModule).openHistorySource(spec.options);
  }
  const client = EventStoreDBClient.connectionString(spec.connectionString);
  return { read: (id) => readHistory(client, id), close: () => client.dispose() };
}

/**
 * Folds customers' histories through both machines of a what-if, in the thread it runs in: one
 * per worker of the pool, or the only one with `--workers 0`. Reads of a batch run concurrently;
 * each history is folded as soon as it has arrived, while the next ones are still being read.
 */
export class CustomerFolder {
  private constructor(
    private readonly source: HistorySource,
    private readonly compare: Comparer,
    private readonly window: ComparisonWindow,
  ) {}

  static open(job: FoldJob): CustomerFolder {
    return new CustomerFolder(openSource(job.source), createComparer(loadPair(job.pair), lifecycleLens), job.window);
  }

  async fold(customerIds: readonly string[]): Promise<BatchResult> {
    const reads = customerIds.map((id) => this.source.read(id));
    // A failed read fails the batch; the others must not be left as unhandled rejections.
    for (const read of reads) read.catch(() => undefined);
    const comparisons: CustomerComparison[] = [];
    const missing: string[] = [];
    for (let i = 0; i < customerIds.length; i++) {
      const history = await reads[i]!;
      if (history === undefined) missing.push(customerIds[i]!);
      else comparisons.push(this.compare(customerIds[i]!, history, this.window));
    }
    return { comparisons, missing };
  }

  close(): Promise<void> {
    return this.source.close();
  }
}
