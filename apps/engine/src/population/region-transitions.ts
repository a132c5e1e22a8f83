import type { StateValue } from 'xstate';

/** One region's move in a state change: from the leaf it left to the leaf it entered (state ids). */
export interface RegionTransition {
  readonly from: string;
  readonly to: string;
}

/**
 * The moves of a state change, one per region that changed: `customer.engagement.active` →
 * `customer.engagement.at-risk.flagged`. Read from the two values alone. An object with several
 * keys is a parallel state, whose regions move independently; with one key it is a compound state
 * whose active child either stayed (look below it) or changed (a move, leaf to leaf). A region that
 * only one side has (a machine of another version) makes no move.
 */
export function regionTransitions(from: StateValue, to: StateValue, machineId: string): RegionTransition[] {
  const moves: RegionTransition[] = [];
  const walk = (before: StateValue, after: StateValue, prefix: string): void => {
    if (typeof before !== 'string' && typeof after !== 'string') {
      const keys = Object.keys(before);
      const parallel = keys.length > 1 || Object.keys(after).length > 1;
      if (parallel || keys[0] === Object.keys(after)[0]) {
        for (const key of keys) {
          const [b, a] = [before[key], after[key]];
          if (b !== undefined && a !== undefined) walk(b, a, `${prefix}.${key}`);
        }
        return;
      }
    } else if (before === after) {
      return;
    }
    const [left, entered] = [leafOf(before, prefix), leafOf(after, prefix)];
    if (left !== entered) moves.push({ from: left, to: entered });
  };
  walk(from, to, machineId);
  return moves;
}

/** The deepest state on the single path below a value; a parallel state is where the path forks. */
function leafOf(value: StateValue, prefix: string): string {
  if (typeof value === 'string') return `${prefix}.${value}`;
  const entries = Object.entries(value);
  const [only] = entries;
  if (entries.length !== 1 || only === undefined || only[1] === undefined) return prefix;
  return leafOf(only[1], `${prefix}.${only[0]}`);
}
