import { not, type AnyStateMachine, type AnyStateNode } from 'xstate';

type Transition = Readonly<{ guard?: unknown }>;
type Snapshot = Readonly<{ context: unknown }>;
type Next = (snapshot: Snapshot, event: Readonly<{ type: string }>) => Transition[] | undefined;
type SelectingNode = AnyStateNode & { next: Next; transitions: ReadonlyMap<string, readonly Transition[]> };
type GuardsParam = Readonly<{ guards: readonly unknown[] }>;
type CheckNot = (
  snapshot: Snapshot,
  args: Readonly<{ context: unknown; event: unknown }>,
  guard: GuardsParam,
) => boolean;

/**
 * XState's check of a `not` guard: `!evaluateGuard(guards[0], …)`, its evaluation of any guard by
 * name or object (XState does not export `evaluateGuard` itself). Not a function in an XState that
 * checks guards otherwise: guarded transitions are then selected by XState's own `next`.
 */
const xstateCheckNot = (not(() => true) as unknown as { check?: unknown }).check as CheckNot | undefined;

/** A descriptor that matches more than its own event type (`*`, `payment.*`): XState's selection then stays. */
const isWildcard = (descriptor: string): boolean => descriptor === '*' || descriptor.endsWith('.*');

/**
 * Makes every state node of `machine` find its transitions for an event in a `Map` by event type
 * (ADR 0080). XState's `StateNode.next` builds a key string per call (`candidates-<type>`) and
 * looks it up in a dictionary of the node's memoised values; it runs for each region and each of
 * their ancestors on every event, and was the single largest item of the lifecycle fold (about a
 * sixth of it). Without wildcard descriptors a node's candidates for an event type are the
 * transitions its `on` (and `after`) lists under exactly that type, in that order, as XState
 * selects them.
 *
 * The selection is XState's `next`: the first candidate without a guard or whose guard passes,
 * guards evaluated by XState, a guard's error wrapped in XState's message. A node with a wildcard
 * descriptor keeps XState's `next`. Returns the same machine.
 */
export function indexTransitionsByEventType<TMachine extends AnyStateMachine>(machine: TMachine): TMachine {
  const visit = (node: IndexedNode) => {
    const transitions = node.transitions;
    if (transitions instanceof Map && typeof node.next === 'function' && ![...transitions.keys()].some(isWildcard)) {
      // Per candidate, the argument XState's `not` check takes: built once, not per evaluation.
      const negated = new Map<Transition, GuardsParam>();
      for (const candidates of transitions.values()) {
        for (const candidate of candidates) if (candidate.guard) negated.set(candidate, { guards: [candidate.guard] });
      }
      const index: Index = { transitions, negated, xstateNext: node.next.bind(node) };
      // Not enumerable: the node's own properties stay XState's. One function for every node, so
      // that XState's calls of `next` stay monomorphic.
      Object.defineProperty(node, byEventType, { value: index, configurable: true, writable: true });
      Object.defineProperty(node, 'next', { value: nextByEventType, configurable: true, writable: true });
    }
    for (const child of Object.values(node.states)) visit(child as IndexedNode);
  };
  visit(machine.root as IndexedNode);
  return machine;
}

const byEventType = Symbol('transitions by event type');
type Index = Readonly<{
  transitions: ReadonlyMap<string, readonly Transition[]>;
  negated: ReadonlyMap<Transition, GuardsParam>;
  xstateNext: Next;
}>;
type IndexedNode = SelectingNode & { [byEventType]: Index };

function nextByEventType(this: IndexedNode, snapshot: Snapshot, event: Readonly<{ type: string }>) {
  const { transitions, negated, xstateNext } = this[byEventType];
  const candidates = transitions.get(event.type);
  if (candidates === undefined) return undefined;
  for (const candidate of candidates) {
    if (!candidate.guard) return [candidate];
    if (xstateCheckNot === undefined) return xstateNext(snapshot, event);
    let passed: boolean;
    try {
      passed = !xstateCheckNot(snapshot, { context: snapshot.context, event }, negated.get(candidate)!);
    } catch (err) {
      throw guardError(candidate.guard, event.type, this.id, err);
    }
    if (passed) return [candidate];
  }
  return undefined;
}

/** The error XState's `next` throws when a guard throws, with the same message. */
function guardError(guard: unknown, eventType: string, nodeId: string, err: unknown): Error {
  const guardType =
    typeof guard === 'string'
      ? guard
      : typeof guard === 'object'
        ? (guard as { type?: string } | null)?.type
        : undefined;
  return new Error(
    `Unable to evaluate guard ${guardType ? `'${guardType}' ` : ''}in transition for event '${eventType}' in state node '${nodeId}':\n${(err as Error).message}`,
  );
}
