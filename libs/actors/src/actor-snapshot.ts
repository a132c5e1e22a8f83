import type { AnyStateMachine, Snapshot, SnapshotFrom } from 'xstate';
import type { ActorDefinition } from './actor-definition';
import type { ActorState } from './actor-state';
import type { PendingTimer } from './timers';

/** Event type of a stored actor snapshot. */
export const ACTOR_SNAPSHOT = 'ActorSnapshot';

/**
 * Version of the runtime's fold itself (how inputs and timers are folded, independent of any
 * machine). A snapshot folded by another version is replayed from the stream. 2: timers due by an
 * input's time fire in front of it. 3: late inputs within the allowed lateness are folded in event-time
 * order (ADR 0078); the state carries its event clock. 4: a pending timer carries the id of its
 * firing, fixed when it was set (`firingId`). 5: as XState's own actor runs a machine, a
 * transition's timer actions are taken in order (a timer set and cancelled within it is not left
 * pending), timers due at the same instant fire in the order they were set (`seq`), and a machine
 * in a top-level final state has no timers.
 */
export const FOLD_VERSION = '5';

/** A stored actor snapshot: plain JSON, tagged with the machine and fold versions that made it. */
export interface ActorSnapshotData {
  readonly machineVersion: string;
  readonly foldVersion: string;
  readonly key: string;
  readonly inputRevision: string;
  readonly time: string | null;
  readonly started: boolean;
  readonly timers: Readonly<Record<string, PendingTimer>>;
  readonly snapshot: unknown;
  /** `ActorState.eventClockMs`; null before the first input with a time. */
  readonly eventClockMs: number | null;
  /** The allowed lateness the fold ran with: a fold with another one is another fold. */
  readonly allowedLatenessMs: number;
  /** `ActorState.sentAhead`; {} when none is. */
  readonly sentAhead: Readonly<Record<string, number>>;
}

/** The JSON form of an actor's state, to store as a snapshot. */
export function toSnapshotData<TMachine extends AnyStateMachine>(
  definition: ActorDefinition<TMachine>,
  state: ActorState<TMachine>,
): ActorSnapshotData {
  return {
    machineVersion: definition.version,
    foldVersion: FOLD_VERSION,
    key: state.key,
    inputRevision: state.inputRevision.toString(),
    time: state.time ?? null,
    started: state.started,
    timers: state.timers,
    snapshot: definition.machine.getPersistedSnapshot(state.snapshot),
    eventClockMs: state.eventClockMs ?? null,
    allowedLatenessMs: definition.allowedLatenessMs ?? 0,
    sentAhead: state.sentAhead ?? {},
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * Restores an actor's state from a stored snapshot, or returns undefined when it cannot be used:
 * another machine or fold version, another allowed lateness, another actor, or anything unreadable. Snapshots are a cache; the caller
 * then replays the stream, never fails.
 */
export function fromSnapshotData<TMachine extends AnyStateMachine>(
  definition: ActorDefinition<TMachine>,
  key: string,
  data: unknown,
): ActorState<TMachine> | undefined {
  try {
    if (!isRecord(data) || data.machineVersion !== definition.version || data.key !== key) return undefined;
    if (data.foldVersion !== FOLD_VERSION) return undefined;
    if (data.allowedLatenessMs !== (definition.allowedLatenessMs ?? 0)) return undefined;
    if (data.eventClockMs !== null && typeof data.eventClockMs !== 'number') return undefined;
    if (!isRecord(data.sentAhead) || !Object.values(data.sentAhead).every((n) => Number.isInteger(n))) {
      return undefined;
    }
    const sentAhead = data.sentAhead as Record<string, number>;
    if (typeof data.inputRevision !== 'string' || !/^(-1|\d+)$/.test(data.inputRevision)) return undefined;
    if (!isRecord(data.timers) || !isRecord(data.snapshot) || typeof data.started !== 'boolean') return undefined;
    const persisted = data.snapshot as Snapshot<unknown> & { children?: unknown; status?: unknown };
    // Actors here never spawn children: there is no live actor to restore them into.
    if (
      (persisted.status !== 'active' && persisted.status !== 'done') ||
      (isRecord(persisted.children) && Object.keys(persisted.children).length > 0)
    ) {
      return undefined;
    }
    const snapshot = definition.machine.restoreSnapshot(persisted, undefined as never) as SnapshotFrom<TMachine>;
    return {
      key,
      snapshot,
      inputRevision: BigInt(data.inputRevision),
      time: typeof data.time === 'string' ? data.time : undefined,
      started: data.started,
      timers: data.timers as Record<string, PendingTimer>,
      ...(typeof data.eventClockMs === 'number' ? { eventClockMs: data.eventClockMs } : {}),
      ...(Object.keys(sentAhead).length > 0 ? { sentAhead } : {}),
    };
  } catch {
    return undefined;
  }
}
