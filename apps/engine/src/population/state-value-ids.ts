import type { AnyStateMachine, AnyStateNode, StateValue } from 'xstate';

/**
 * The ids (docs/studio-api.md: the machine's id, then the path, joined with `.`) of every state
 * active in a state value: the root (the machine itself), each region and each compound state on
 * the way to a leaf. Read from the value alone, not from the running machine: a change written by
 * another version of the machine names states this one may not have, and the population still
 * counts them.
 */
export function stateValueIds(value: StateValue, machineId: string): string[] {
  const ids = [machineId];
  const walk = (within: StateValue, prefix: string): void => {
    if (typeof within === 'string') {
      ids.push(`${prefix}.${within}`);
      return;
    }
    for (const [key, below] of Object.entries(within)) {
      if (below === undefined) continue;
      ids.push(`${prefix}.${key}`);
      walk(below, `${prefix}.${key}`);
    }
  };
  walk(value, machineId);
  return ids;
}

/** The id of every state of a machine, the root included, named by path (a node's own `id` is not used). */
export function machineStateIds(machine: AnyStateMachine): string[] {
  const walk = (node: AnyStateNode): string[] => [
    [machine.id, ...node.path].join('.'),
    ...Object.values(node.states).flatMap(walk),
  ];
  return walk(machine.root);
}

/** Whether a value read from an event is a state value (a state's key, or an object of them). */
export function isStateValue(value: unknown): value is StateValue {
  if (typeof value === 'string') return value.length > 0;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  // A loop rather than `Object.values(…).every(…)`: every change read is checked, and this spares an array.
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const below = (value as Record<string, unknown>)[key];
    if (below !== undefined && !isStateValue(below)) return false;
  }
  return true;
}
