import type { MachineTransitionView, MachineView, StateId, StateNodeView } from './machine-view';

/** Changes of state from `from` to `to` on `event`, counted: an item of `GET /v1/population/transitions`. */
export interface TransitionCount {
  /** A leaf state of one region. */
  readonly from: StateId;
  readonly to: StateId;
  /** The event handled; for a timer, XState's `xstate.after…` id. */
  readonly event: string;
  readonly count: number;
}

/** One arrow of the chart: a machine transition to one of its targets. */
export type TransitionEdge = {
  /** `${transition.id}->${target}`. */
  readonly id: string;
  readonly transition: MachineTransitionView;
  readonly target: StateId;
};

/** Every state of the machine, the root first, parents before their children. */
export function statesOf(machine: MachineView): StateNodeView[] {
  const states: StateNodeView[] = [];
  const visit = (node: StateNodeView) => {
    states.push(node);
    node.children.forEach(visit);
  };
  visit(machine.root);
  return states;
}

/** The arrows of the chart: every transition with a target, once per target. */
export function transitionEdges(machine: MachineView): TransitionEdge[] {
  return statesOf(machine).flatMap((state) =>
    state.transitions.flatMap((transition) =>
      transition.targets.map((target) => ({ id: `${transition.id}->${target}`, transition, target })),
    ),
  );
}

/** `state` is `ancestor` or lies inside it. */
export const within = (state: StateId, ancestor: StateId): boolean =>
  state === ancestor || state.startsWith(`${ancestor}.`);

/**
 * Places the read model's counts of state changes (`{ from, to, event }`, leaf states of one region)
 * on the chart's arrows: an arrow counts a change when its source contains `from`, its target
 * contains `to` and its event is the change's (for a timer the `xstate.after…` id). An eventless
 * (`always`) arrow takes a change that no arrow of its event explains, since its cause is the event
 * that was being handled when its guard became true. Among several candidates, the first in the
 * machine's order is the one XState takes.
 */
export function countsPerEdge(
  edges: readonly TransitionEdge[],
  counts: readonly TransitionCount[],
): { perEdge: Map<string, number>; unmatched: TransitionCount[] } {
  const perEdge = new Map<string, number>();
  const unmatched: TransitionCount[] = [];
  for (const change of counts) {
    const candidates = edges.filter(
      ({ transition, target }) => within(change.from, transition.source) && within(change.to, target),
    );
    const edge =
      candidates.find(({ transition }) => transition.event === change.event) ??
      candidates.find(({ transition }) => transition.kind === 'always');
    if (edge === undefined) unmatched.push(change);
    else perEdge.set(edge.id, (perEdge.get(edge.id) ?? 0) + change.count);
  }
  return { perEdge, unmatched };
}
