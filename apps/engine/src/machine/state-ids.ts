import type { AnyStateNode, StateValue } from 'xstate';

/**
 * The id of a state in the query API (docs/studio-api.md): its path from the machine's root joined
 * with `.`, prefixed with the machine's id (`customer.engagement.at-risk.flagged`). Not XState's
 * `node.id`: a node with an `id` of its own in the machine's config (`engagement-active`) would
 * otherwise break the rule that a state's id starts with its parent's.
 */
export function stateIdOf(node: AnyStateNode): string {
  return [node.machine.id, ...node.path].join('.');
}

/**
 * The ids of every state active in a state value, ancestors included: the root (the machine
 * itself, always active, as the population counts it), each region of a parallel state, each
 * compound state on the way to a leaf; in document order.
 */
export function activeStateIds(root: AnyStateNode, value: StateValue): string[] {
  const ids: string[] = [stateIdOf(root)];
  const walk = (node: AnyStateNode, within: StateValue): void => {
    const entries = typeof within === 'string' ? [[within, undefined] as const] : Object.entries(within);
    for (const [key, below] of entries) {
      const child = node.states[key];
      // A value that names no state of this machine (another machine's snapshot) shows what it can.
      if (child === undefined) continue;
      ids.push(stateIdOf(child));
      if (below !== undefined) walk(child, below);
    }
  };
  walk(root, value);
  return ids;
}
