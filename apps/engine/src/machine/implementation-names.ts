/**
 * How guards and actions are named in the machine view: as the machine's `setup()` names them
 * (`churnRisky`, `flagAtRisk`), else as XState names them when it serializes a machine.
 */

/** What XState keeps of a guard on a transition: a name, `{ type, params }`, or a function. */
type GuardReference = string | { readonly type: string } | ((...args: never[]) => unknown);

/** XState's higher-order guards (`and`, `or`, `not`, `stateIn`) keep their operands on the function. */
interface HigherOrderGuard {
  readonly name: string;
  readonly guards?: readonly GuardReference[];
  readonly stateValue?: unknown;
}

/**
 * A readable name of a transition's guard: the name given in `setup({ guards })`, or for XState's
 * combined guards an expression of them (`and(stateIn(#engagement-active), inline)`,
 * `not(worthWatching)`); `inline` for an anonymous function. Null without a guard.
 */
export function guardName(guard: unknown): string | null {
  if (guard === undefined || guard === null) return null;
  return nameOf(guard as GuardReference);
}

function nameOf(guard: GuardReference): string {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object') return guard.type;
  const combined = guard as HigherOrderGuard;
  if (combined.stateValue !== undefined) {
    const state = typeof combined.stateValue === 'string' ? combined.stateValue : JSON.stringify(combined.stateValue);
    return `${combined.name}(${state})`;
  }
  if (combined.guards !== undefined) return `${combined.name}(${combined.guards.map(nameOf).join(', ')})`;
  return combined.name === '' ? 'inline' : combined.name;
}

/**
 * The name of an action as XState serializes it: the name given in `setup({ actions })`, the
 * `type` of a built-in action creator used inline (`xstate.assign`, `xstate.emit`), or the
 * function's own name (`inline` for an anonymous one).
 */
export function actionName(action: unknown): string {
  if (typeof action === 'string') return action;
  if (typeof action === 'function') {
    const named = action as { readonly name: string; readonly type?: unknown; readonly resolve?: unknown };
    if (named.resolve !== undefined && typeof named.type === 'string') return named.type;
    return named.name === '' ? 'inline' : named.name;
  }
  const typed = action as { readonly type?: unknown } | null;
  return typeof typed?.type === 'string' ? typed.type : 'inline';
}
