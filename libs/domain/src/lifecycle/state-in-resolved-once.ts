import { stateIn, type AnyStateMachine } from 'xstate';

type Snapshot = Readonly<{ machine: AnyStateMachine; _nodes: readonly unknown[] }>;
type Check = (snapshot: Snapshot, args: unknown, guard: Readonly<{ stateValue: unknown }>) => boolean;
type BuiltinGuard = Readonly<{ check?: unknown; stateValue?: unknown; guards?: readonly unknown[] }>;

/** XState's own check of a `stateIn` guard: a guard still checked by it is one this module has not changed. */
const xstateCheckStateIn = (stateIn('#x') as unknown as BuiltinGuard).check;

/**
 * Makes every `stateIn('#id')` guard among `machine`'s named guards (and the guards they combine
 * with `and`, `or`, `not`) find the state node of its id once per machine, instead of on every
 * evaluation (ADR 0080). XState's check parses the id into a path (`toStatePath`), slices and looks
 * it up again each time; the lifecycle asks two such guards after every signal, in its eventless
 * transitions. The node an id names never changes for a machine, so the answer is XState's: whether
 * the node is among the snapshot's active ones. A guard on a state value rather than an id, or one
 * XState no longer checks with its own function (another XState version), is left alone. Returns
 * the same machine.
 */
export function resolveStateInOnce<TMachine extends AnyStateMachine>(machine: TMachine): TMachine {
  if (typeof xstateCheckStateIn !== 'function') return machine;
  const visit = (guard: unknown) => {
    if (typeof guard !== 'function' && (typeof guard !== 'object' || guard === null)) return;
    const builtin = guard as BuiltinGuard;
    if (builtin.check === xstateCheckStateIn && typeof builtin.stateValue === 'string') {
      (builtin as { check: Check }).check = checkById(builtin.stateValue, xstateCheckStateIn as Check);
    }
    for (const inner of builtin.guards ?? []) visit(inner);
  };
  for (const guard of Object.values((machine.implementations as { guards: Record<string, unknown> }).guards)) {
    visit(guard);
  }
  return machine;
}

function checkById(stateValue: string, xstateCheck: Check): Check {
  if (!stateValue.startsWith('#')) return xstateCheck;
  let machineOfTarget: AnyStateMachine | undefined;
  let target: unknown;
  return (snapshot) => {
    if (snapshot.machine !== machineOfTarget) {
      target = snapshot.machine.getStateNodeById(stateValue);
      machineOfTarget = snapshot.machine;
    }
    return snapshot._nodes.includes(target);
  };
}
