import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { CustomerFolder, type FoldJob } from './customer-folder';

/** What the pool asks a worker. */
export type WorkerRequest =
  Readonly<{ type: 'fold'; batch: number; customerIds: string[] }> | Readonly<{ type: 'close' }>;

/** What a worker answers. */
export type WorkerReply =
  | Readonly<{ type: 'folded'; batch: number; result: import('./customer-folder').BatchResult }>
  | Readonly<{ type: 'ready' }>
  | Readonly<{ type: 'failed'; batch: number | null; message: string }>
  | Readonly<{ type: 'closed' }>;

// A worker of the what-if pool: its own store client and machines, batches of customers in, their
// comparisons out (structured clones of plain data).
if (!isMainThread && parentPort !== null) {
  const port = parentPort;
  const reply = (message: WorkerReply): void => port.postMessage(message);
  let folder: CustomerFolder | undefined;
  try {
    folder = CustomerFolder.open(workerData as FoldJob);
    reply({ type: 'ready' });
  } catch (error) {
    reply({ type: 'failed', batch: null, message: (error as Error).message });
  }
  port.on('message', (request: WorkerRequest) => {
    if (folder === undefined) return;
    if (request.type === 'close') {
      void folder.close().finally(() => reply({ type: 'closed' }));
      return;
    }
    folder.fold(request.customerIds).then(
      (result) => reply({ type: 'folded', batch: request.batch, result }),
      (error: unknown) =>
        reply({
          type: 'failed',
          batch: request.batch,
          message: error instanceof Error ? error.message : String(error),
        }),
    );
  });
}
