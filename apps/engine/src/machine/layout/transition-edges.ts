import type { MachineTransitionView, MachineView, StateNodeView } from '../machine-view';

/** One arrow of the chart: a machine transition to one of its targets. */
export type TransitionEdge = {
  /** `${transition.id}->${target}`. */
  readonly id: string;
  readonly transition: MachineTransitionView;
  readonly target: string;
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
export const within = (state: string, ancestor: string): boolean =>
  state === ancestor || state.startsWith(`${ancestor}.`);
