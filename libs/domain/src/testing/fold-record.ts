import type { LifecycleMachine } from '../lifecycle/lifecycle.machine';
import { LifecycleSimulation, type SimulationStep } from './lifecycle-simulation';

/** Everything a fold decides, after every transition (signal or timer): for comparing two folds. */
export type FoldRecord = Readonly<{
  /** Per transition: its instant, the state value, the tags and the whole context, as JSON. */
  snapshots: readonly string[];
  emitted: readonly unknown[];
  pendingTimers: ReadonlyArray<Readonly<{ id: string; dueAt: string }>>;
  /** The persisted snapshot at the end, as the runtime stores it. */
  persisted: string;
}>;

/** Folds `steps` through `machine` (timers firing as simulated time passes) and records every step. */
export function foldRecord(machine: LifecycleMachine, steps: readonly SimulationStep[]): FoldRecord {
  const snapshots: string[] = [];
  const simulation = new LifecycleSimulation(machine, 'customer-1', (snapshot, at) =>
    snapshots.push(JSON.stringify([at, snapshot.value, [...snapshot.tags], snapshot.status, snapshot.context])),
  );
  simulation.run(...steps);
  return {
    snapshots,
    emitted: simulation.emitted,
    pendingTimers: simulation.pendingTimers(),
    persisted: JSON.stringify(machine.getPersistedSnapshot(simulation.snapshot)),
  };
}
