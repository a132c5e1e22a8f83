import type { ActorDefinition, RecordedInput } from '@heed/actors';
import {
  churnPoints,
  createLifecycleMachine,
  defaultLifecycleConfig,
  describeCustomer,
  findSignalByType,
  initialSnapshotFor,
  lifecycleMachineVersion,
  upcastSignal,
  type LifecycleConfig,
  type LifecycleMachine,
  type StoredSignalData,
} from '@heed/domain';
import { CUSTOMER_CATEGORY, customerIdOf, customerStream } from '@heed/event-store';
import type { ActorKind } from '../engine-options';
import { lifecycleStateEntries } from '../state-entries/state-entries';

/** Where a customer's outputs go: `lifecycle-<id>` (category `lifecycle`, see docs/streams.md). */
export const LIFECYCLE_CATEGORY = 'lifecycle';
/** Snapshots of customers' state: `lifecyclesnapshot-<id>`, a cache kept 1,000 deep. */
export const SNAPSHOT_CATEGORY = 'lifecyclesnapshot';
/**
 * How late a signal may arrive and still be folded where its time puts it (ADR 0078): a mobile app
 * offline for most of a day. The engine's `HEED_ENGINE_ALLOWED_LATENESS_MS` overrides it.
 */
export const DEFAULT_ALLOWED_LATENESS_MS = 24 * 3_600_000;

type LifecycleEvent = Parameters<LifecycleMachine['transition']>[1];

/**
 * Reads a stored signal into the lifecycle machine's event. Events of other types on a customer's
 * stream (identify calls, unplanned events) are not the machine's business and are skipped. A
 * signal that fails its schema throws: the runtime rejects it on the record.
 */
export function toMachineInput(recorded: RecordedInput): { event: LifecycleEvent; time: string } | undefined {
  if (findSignalByType(recorded.type) === undefined) return undefined;
  const data = (recorded.data ?? {}) as StoredSignalData & { version?: unknown };
  const version = typeof data.version === 'number' ? data.version : 1;
  const signal = upcastSignal(recorded.type, version, data);
  return { event: signal, time: signal.occurredAt };
}

/** The customer lifecycle as the engine runs it: the domain's machine over `customer-<id>` streams. */
export function customerKind(config: Partial<LifecycleConfig> = {}): ActorKind<LifecycleMachine> {
  const machine = createLifecycleMachine(config);
  const scoring: LifecycleConfig = { ...defaultLifecycleConfig, ...config };
  const definition: ActorDefinition<LifecycleMachine> = {
    machine,
    version: lifecycleMachineVersion,
    input: (customerId) => ({ customerId }),
    initialFor: initialSnapshotFor,
    toMachineInput,
    allowedLatenessMs: DEFAULT_ALLOWED_LATENESS_MS,
    // The machine's own clock (the latest instant it has seen): its delays are counted from it.
    clock: (snapshot) => snapshot.context.now,
    // The numbers alone, on every state change: `churnPoints` is `churnScore(…).score` without its reasons.
    scores: (snapshot) => ({
      churn: churnPoints(snapshot.context.engagement, snapshot.context.now, scoring),
      fraud: snapshot.context.fraud.lastAssessment?.score ?? 0,
    }),
  };
  return {
    definition,
    streams: {
      input: customerStream,
      output: (customerId) => `${LIFECYCLE_CATEGORY}-${customerId}`,
      snapshot: (customerId) => `${SNAPSHOT_CATEGORY}-${customerId}`,
    },
    inputCategoryStream: `$ce-${CUSTOMER_CATEGORY}`,
    keyOf: customerIdOf,
    describe: (state) => describeCustomer(state.snapshot, scoring),
    stateEntries: lifecycleStateEntries,
  };
}
