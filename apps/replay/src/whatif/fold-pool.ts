import type { CustomerComparison } from '@heed/replay';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CustomerFolder, type BatchResult, type FoldJob } from './customer-folder';
import type { WorkerReply, WorkerRequest } from './fold-worker';

/** How the pool folds. */
export type PoolOptions = Readonly<{
  /** Worker threads; 0 folds in the calling thread. */
  workers: number;
  /** Customers per batch handed to a worker. Default 32. */
  batchSize?: number;
  /** Called once every runner has opened its source and machines, before the first batch. */
  onReady?: () => void;
  /** Called after each batch with the customers and inputs folded so far. */
  onProgress?: (customers: number, inputs: number) => void;
}>;

/** Batches a runner holds at once: one folding, the next one being read. */
const IN_FLIGHT = 2;

/** The worker script beside this file: TypeScript when run from the sources, JavaScript when built. */
const workerFile = join(__dirname, `fold-worker${extname(__filename)}`);

function batches(customerIds: readonly string[], size: number): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < customerIds.length; i += size) out.push(customerIds.slice(i, i + size));
  return out;
}

const inputsOf = (comparisons: readonly CustomerComparison[]): number =>
  comparisons.reduce((sum, c) => sum + c.inputs, 0);

/**
 * Folds customers through both machines of a job on a pool of worker threads (each with its own
 * store client and machines), and collects the comparisons. Which worker folds whom changes
 * nothing: a comparison depends only on the customer's history, and the results are summed up in
 * customer order.
 */
export async function foldCustomers(
  job: FoldJob,
  customerIds: readonly string[],
  options: PoolOptions,
): Promise<BatchResult> {
  const queue = batches(customerIds, options.batchSize ?? 32);
  const comparisons: CustomerComparison[] = [];
  const missing: string[] = [];
  let customers = 0;
  let inputs = 0;
  const collect = (result: BatchResult): void => {
    comparisons.push(...result.comparisons);
    missing.push(...result.missing);
    customers += result.comparisons.length + result.missing.length;
    inputs += inputsOf(result.comparisons);
    options.onProgress?.(customers, inputs);
  };

  const runners: Runner[] =
    options.workers <= 0
      ? [inThread(job)]
      : Array.from({ length: Math.min(options.workers, Math.max(1, queue.length)) }, () => inWorker(job));
  try {
    await Promise.race([Promise.all(runners.map((runner) => runner.ready)), ...runners.map((r) => r.failed)]);
    options.onReady?.();
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let pending = 0;
      const give = (runner: Runner): void => {
        if (next >= queue.length) {
          if (pending === 0) resolve();
          return;
        }
        const batch = queue[next++]!;
        pending++;
        runner.fold(batch).then((result) => {
          pending--;
          collect(result);
          give(runner);
        }, reject);
      };
      for (const runner of runners) {
        runner.failed.catch(reject);
        for (let i = 0; i < IN_FLIGHT; i++) give(runner);
      }
      if (queue.length === 0) resolve();
    });
  } finally {
    await Promise.all(runners.map((runner) => runner.close()));
  }
  return { comparisons, missing };
}

/** Something that folds batches: the calling thread, or a worker. */
interface Runner {
  fold(customerIds: string[]): Promise<BatchResult>;
  /** Resolves once the runner has opened its source and machines. */
  readonly ready: Promise<void>;
  /** Rejects when the runner fails outside a batch (a worker that cannot start, or exits). */
  readonly failed: Promise<never>;
  close(): Promise<void>;
}

function inThread(job: FoldJob): Runner {
  const folder = CustomerFolder.open(job);
  return {
    fold: (ids) => folder.fold(ids),
    ready: Promise.resolve(),
    failed: new Promise<never>(() => {}),
    close: () => folder.close(),
  };
}

function inWorker(job: FoldJob): Runner {
  const worker = new Worker(workerFile, {
    workerData: job,
    // Run from the sources, a worker compiles TypeScript as the main thread does.
    execArgv: workerFile.endsWith('.ts') ? ['--require', '@swc-node/register'] : [],
  });
  let batches = 0;
  const waiting = new Map<number, { resolve: (result: BatchResult) => void; reject: (error: Error) => void }>();
  let closing = false;
  let opened: () => void = () => {};
  const ready = new Promise<void>((resolve) => (opened = resolve));
  const failed = new Promise<never>((_, reject) => {
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'ready') opened();
      else if (reply.type === 'folded') {
        waiting.get(reply.batch)?.resolve(reply.result);
        waiting.delete(reply.batch);
      } else if (reply.type === 'failed') {
        const error = new Error(`a worker failed: ${reply.message}`);
        if (reply.batch === null) reject(error);
        else waiting.get(reply.batch)?.reject(error);
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (!closing) reject(new Error(`a worker exited with code ${code}`));
    });
  });
  failed.catch(() => undefined);
  return {
    fold: (customerIds) =>
      new Promise<BatchResult>((resolve, reject) => {
        const batch = batches++;
        waiting.set(batch, { resolve, reject });
        worker.postMessage({ type: 'fold', batch, customerIds } satisfies WorkerRequest);
      }),
    ready,
    failed,
    close: () => {
      closing = true;
      return close(worker);
    },
  };
}

/** Asks a worker to close its store client, then ends it. */
async function close(worker: Worker): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 5_000);
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'closed') {
        clearTimeout(timer);
        resolve();
      }
    });
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.postMessage({ type: 'close' } satisfies WorkerRequest);
  });
  await worker.terminate();
}
