import type { MachineLayout, MachineView } from '@heed/statechart';
import ELK from 'elkjs/lib/elk.bundled.js';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { chartTextMeasure } from './chart-text';
import { layOutStatechart } from './lay-out-statechart';

/** What the worker answers, once. */
export type LayoutReply =
  Readonly<{ type: 'laid-out'; layout: MachineLayout }> | Readonly<{ type: 'failed'; message: string }>;

// A worker that lays one machine out and ends: ELK's layout is a second of CPU on a cold start,
// which the engine's event loop (signals, queries) must not wait for.
if (!isMainThread && parentPort !== null) {
  const port = parentPort;
  const reply = (message: LayoutReply): void => port.postMessage(message);
  layOutStatechart(new ELK(), workerData as MachineView, chartTextMeasure()).then(
    (layout) => reply({ type: 'laid-out', layout }),
    (error: unknown) => reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
}
