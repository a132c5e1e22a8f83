import { createActor, type ActorScope, type AnyStateMachine, type EventFromLogic, type SnapshotFrom } from 'xstate';
import type { ActorDefinition } from './actor-definition';

type Actions = Array<{ readonly type: string; readonly params?: unknown }>;

interface Scope {
  readonly scope: ActorScope<SnapshotFrom<AnyStateMachine>, EventFromLogic<AnyStateMachine>>;
  actions: Actions;
}

const scopes = new WeakMap<AnyStateMachine, Scope>();

/**
 * XState's pure `transition(machine, snapshot, event)`, with one inert actor scope per machine
 * instead of a new one for every call (building it costs about half of a transition). As in
 * `transition()`, nothing is executed: the scope's action executor only collects the actions,
 * which are returned as data. Actors of the runtime never spawn children, so nothing else of the
 * scope is used.
 */
export function pureTransition<TMachine extends AnyStateMachine>(
  definition: ActorDefinition<TMachine>,
  snapshot: SnapshotFrom<TMachine>,
  event: EventFromLogic<TMachine>,
): [SnapshotFrom<TMachine>, Actions] {
  const machine = definition.machine;
  let entry = scopes.get(machine);
  if (entry === undefined) {
    const self = createActor(machine, { input: definition.input('') });
    const created: Scope = {
      actions: [],
      scope: {
        self,
        id: '',
        sessionId: '',
        logger: () => {},
        defer: () => {},
        emit: () => {},
        stopChild: () => {},
        system: self.system,
        actionExecutor: (action) => void created.actions.push(action),
      } as Scope['scope'],
    };
    scopes.set(machine, (entry = created));
  }
  entry.actions = [];
  const next = machine.transition(snapshot, event, entry.scope) as SnapshotFrom<TMachine>;
  return [next, entry.actions];
}
