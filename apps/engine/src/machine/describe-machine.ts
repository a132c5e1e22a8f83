import type { MachineTransitionView, MachineView, StateNodeView } from '@heed/statechart';
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { actionName, guardName } from './implementation-names';
import { stateIdOf } from './state-ids';

/** A transition as XState keeps it on a state node, with what the view reads of it. */
type NodeTransition = NonNullable<AnyStateNode['always']>[number] & { readonly delay?: string | number };

/**
 * The view of a machine, walked from XState's state nodes: every state with its transitions (by
 * event, `always` and `after`), guards and actions by name. Nothing about any particular machine
 * is known here: it shows whatever machine the engine runs.
 */
export function describeMachine(definition: {
  readonly machine: AnyStateMachine;
  readonly version: string;
}): MachineView {
  const { machine, version } = definition;
  return { id: machine.id, version, root: describeNode(machine.root) };
}

function describeNode(node: AnyStateNode): StateNodeView {
  const id = stateIdOf(node);
  const initial = node.type === 'compound' ? node.initial.target[0] : undefined;
  // XState keeps transitions by event (delayed ones among them, under the event they raise) and
  // eventless ones apart; listed in that order, the index is stable while the machine is unchanged.
  const transitions = [
    ...[...node.transitions.values()].flat().map((t: NodeTransition) => ({ t, eventless: false })),
    ...(node.always ?? []).map((t: NodeTransition) => ({ t, eventless: true })),
  ];
  return {
    id,
    key: node.path.at(-1) ?? node.machine.id,
    type: node.type,
    initial: initial === undefined ? null : stateIdOf(initial),
    children: Object.values(node.states).map(describeNode),
    transitions: transitions.map(({ t, eventless }, index) => describeTransition(id, t, eventless, index)),
  };
}

function describeTransition(
  source: string,
  transition: NodeTransition,
  eventless: boolean,
  index: number,
): MachineTransitionView {
  const delayed = transition.delay !== undefined;
  return {
    id: `${source}#${index}`,
    source,
    kind: delayed ? 'after' : eventless ? 'always' : 'event',
    event: eventless ? null : String(transition.eventType),
    delay: delayed ? String(transition.delay) : null,
    guard: guardName(transition.guard),
    targets: (transition.target ?? []).map(stateIdOf),
    actions: transition.actions.map(actionName),
    reenter: transition.reenter,
  };
}
