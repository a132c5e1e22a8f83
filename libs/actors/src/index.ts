export type { ActorDefinition, MachineInput, RecordedInput } from './actor-definition';
export {
  ActorRuntime,
  type ActorRuntimeOptions,
  type ActorStreams,
  type OutputMetadata,
  type ProcessResult,
} from './actor-runtime';
export {
  ACTOR_SNAPSHOT,
  FOLD_VERSION,
  fromSnapshotData,
  toSnapshotData,
  type ActorSnapshotData,
} from './actor-snapshot';
export type { ActorState } from './actor-state';
export { deterministicUuid, HEED_OUTPUT_NAMESPACE } from './deterministic-id';
export {
  correct,
  correctionOutputs,
  deriveOutputs,
  eventTimeOrder,
  EventTimeFolder,
  inputLateOutput,
  inputTimeMs,
  isCommand,
  refold,
  stepOutputs,
  type Correction,
  type DerivedOutput,
  type InputLateData,
  type Refold,
  type StateCorrectedData,
  type Taken,
  type TimedOutput,
} from './event-time';
export { fold } from './fold';
export { interpretActions, type InterpretedActions } from './interpret-actions';
export { Mailboxes } from './mailbox';
export {
  INPUT_LATE,
  INPUT_REJECTED,
  STATE_CHANGED,
  STATE_CORRECTED,
  STATE_REDERIVED,
  TIMER_CANCELLED,
  TIMER_SCHEDULED,
  type OutputEvent,
  type StateChangedData,
} from './output-event';
export { rederivationEvents, recordedStateOf, recordedVersionOf, type StateRederivedData } from './rederivation';
export { advance, initialState, outputId, step, type Effect, type OutputCause, type StepResult } from './step';
export { TIMER_FIRED, dueAt, firingId, nextDue, type PendingTimer, type TimerFiredData } from './timers';
export {
  TIMER_BUCKET_OPENED,
  TIMER_DUE,
  TIMER_WHEEL_CHECKPOINT,
  TimerWheel,
  type FiringDecision,
  type TimerWheelOptions,
} from './timer-wheel';
export type { ActorRuntimeObserver, TimerWheelObserver } from './runtime-observer';
export { readAhead, readLastEvent, readPage, readStreamBackwards } from './stream-reads';
