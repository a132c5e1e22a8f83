// Test support for specs of the lifecycle and of everything built on the catalog: signal builders,
// a simulated runtime, and given/when/then expectations. Not part of the production surface.
export * from './signal-builders';
export { turningAtRisk } from './journeys';
export { activeStateIds, LifecycleSimulation, timePasses } from './lifecycle-simulation';
export type { RecordedStep, SimulationStep } from './lifecycle-simulation';
export {
  emitted,
  emittedExactly,
  emittedNothing,
  given,
  givenWith,
  notEmitted,
  SpecFailure,
  stateIs,
  stateIsNot,
} from './lifecycle-spec';
export type { Expectation, Outcome } from './lifecycle-spec';
export { everydayMix } from './everyday-mix';
export { foldRecord } from './fold-record';
export type { FoldRecord } from './fold-record';
