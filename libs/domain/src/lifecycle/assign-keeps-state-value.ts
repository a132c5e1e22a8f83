import { assign, type AnyStateMachine } from 'xstate';

type Assigner = (args: Record<string, unknown>, params: unknown) => Record<string, unknown>;
type Assignment = Assigner | Record<string, unknown>;
type MachineSnapshot = Readonly<{ context: Record<string, unknown> }> & Record<string, unknown>;
type ActorScopeLike = Readonly<{ self: unknown; system: unknown }>;
type ResolveAssign = (
  actorScope: ActorScopeLike,
  snapshot: MachineSnapshot,
  actionArgs: Readonly<{ event: unknown }>,
  actionParams: unknown,
  action: Readonly<{ assignment: Assignment }>,
) => [MachineSnapshot, undefined, undefined];

/** XState's own resolution of `assign`: an action still resolved by it is one this module has not changed. */
const xstateResolveAssign = (assign(() => ({})) as unknown as { resolve?: unknown }).resolve;

const noSpawn = (): never => {
  throw new Error('assign: the lifecycle machine spawns no actors, so its assignments may not call spawn()');
};

/**
 * `assign` as XState resolves it, except for the snapshot it returns: XState rebuilds the snapshot
 * from scratch (`createMachineSnapshot`), recomputing its state value and tags from the active
 * state nodes; an assignment changes the context only, never those nodes, so this copies the
 * snapshot and its value and tags as they are, with the new context.
 */
const resolveAssignKeepingStateValue: ResolveAssign = (actorScope, snapshot, actionArgs, actionParams, action) => {
  const args = {
    context: snapshot.context,
    event: actionArgs.event,
    spawn: noSpawn,
    self: actorScope.self,
    system: actorScope.system,
  };
  const assignment = action.assignment;
  let update: Record<string, unknown>;
  if (typeof assignment === 'function') {
    update = assignment(args, actionParams);
  } else {
    update = {};
    for (const key of Object.keys(assignment)) {
      const value = assignment[key];
      update[key] = typeof value === 'function' ? (value as Assigner)(args, actionParams) : value;
    }
  }
  return [withContext(snapshot, Object.assign({}, snapshot.context, update)), undefined, undefined];
};

/** The properties of a machine snapshot as XState 5 creates them (`createMachineSnapshot`), in its order. */
const xstateSnapshotKeys = [
  'status',
  'output',
  'error',
  'machine',
  'context',
  '_nodes',
  'value',
  'tags',
  'children',
  'historyValue',
  'matches',
  'hasTag',
  'can',
  'getMeta',
  'toJSON',
] as const;

function hasXStateSnapshotKeys(snapshot: MachineSnapshot): boolean {
  const keys = Object.keys(snapshot);
  if (keys.length !== xstateSnapshotKeys.length) return false;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== xstateSnapshotKeys[i]) return false;
  return true;
}

/**
 * `{ ...snapshot, context }`. A snapshot of XState's own properties is written out as XState writes
 * one: V8 copies an object built by a spread (most of its properties outside the object) about ten
 * times slower than one built by a literal, and the next assignment or microstep copies this one
 * again (about 0.8 µs a step, measured). Any other snapshot is spread.
 */
export function withContext(snapshot: MachineSnapshot, context: Record<string, unknown>): MachineSnapshot {
  if (!hasXStateSnapshotKeys(snapshot)) return { ...snapshot, context };
  const s = snapshot;
  return {
    status: s.status,
    output: s.output,
    error: s.error,
    machine: s.machine,
    context,
    _nodes: s._nodes,
    value: s.value,
    tags: s.tags,
    children: s.children,
    historyValue: s.historyValue,
    matches: s.matches,
    hasTag: s.hasTag,
    can: s.can,
    getMeta: s.getMeta,
    toJSON: s.toJSON,
  };
}

/**
 * Makes every `assign` among `machine`'s named actions keep the snapshot's state value and tags
 * instead of recomputing them (ADR 0072). XState computes them anew for every assignment, from
 * the same active state nodes: about a fifth of a lifecycle step and much of its garbage. The
 * next snapshot is otherwise the one XState builds: the same context, the same properties in the
 * same order, the same value (the object of the snapshot before, which nothing mutates).
 *
 * An action XState no longer resolves with its own `assign` resolution (another XState version)
 * is left alone, so the machine then works exactly as XState's. Returns the same machine.
 */
export function assignKeepsStateValue<TMachine extends AnyStateMachine>(machine: TMachine): TMachine {
  if (typeof xstateResolveAssign !== 'function') return machine;
  const actions = (machine.implementations as { actions: Record<string, unknown> }).actions;
  for (const action of Object.values(actions)) {
    const builtin = action as { type?: unknown; resolve?: unknown };
    if (typeof action === 'function' && builtin.type === 'xstate.assign' && builtin.resolve === xstateResolveAssign) {
      builtin.resolve = resolveAssignKeepingStateValue;
    }
  }
  return machine;
}
