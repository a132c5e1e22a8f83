import type { MachineLayout, MachineView } from '@heed/statechart';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LayoutReply } from './layout-worker';
import { MachineLayoutError } from './machine-layout.error';

const workerFile = join(__dirname, `layout-worker${extname(__filename)}`);

/** Lays the machine's statechart out on a worker thread of its own, which ends with the layout. */
export function layOutInWorker(machine: MachineView): Promise<MachineLayout> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, {
      workerData: machine,
      // Run from the sources, a worker compiles TypeScript as the main thread does.
      execArgv: workerFile.endsWith('.ts') ? ['--require', '@swc-node/register'] : [],
    });
    // A layout under way does not keep a stopping engine's process alive.
    worker.unref();
    worker.once('message', (reply: LayoutReply) => {
      if (reply.type === 'laid-out') resolve(reply.layout);
      else reject(new MachineLayoutError(reply.message));
      void worker.terminate();
    });
    worker.once('error', (error) => reject(new MachineLayoutError(error.message)));
    // Settles nothing once the answer came: only a worker that ends without one.
    worker.once('exit', (code) => reject(new MachineLayoutError(`the layout worker exited with code ${code}`)));
  });
}
