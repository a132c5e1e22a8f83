// The limit of the what-if benchmark, one per core: XState's bare `transition()` of the lifecycle
// machine over the same histories, already read (no upcast, no runtime, no comparison).
import { lifecycleMachine } from '@heed/domain';
import { parentPort, workerData } from 'node:worker_threads';
import { initialTransition, transition } from 'xstate';
import { templateHistories, templateOf, type GeneratedHistoriesOptions } from './generated-histories';

type Data = Readonly<{ options: GeneratedHistoriesOptions; customerIds: readonly string[] }>;

const { options, customerIds } = workerData as Data;
const { signals } = templateHistories(options);
const started = performance.now();
let transitions = 0;
for (const id of customerIds) {
  let [snapshot] = initialTransition(lifecycleMachine, { customerId: id });
  for (const signal of signals[templateOf(id, signals.length)]!) {
    [snapshot] = transition(lifecycleMachine, snapshot, signal);
    transitions++;
  }
}
parentPort!.postMessage({ transitions, ms: performance.now() - started });
