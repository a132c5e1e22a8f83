/**
 * The two ways the domain benchmarks fold a customer's signals through a machine: the pure
 * `transition()` signal after signal, and `machine.transition()` with one actor scope for the
 * whole stream, as the actor runtime folds (`libs/actors` `pureTransition`).
 */
import { createActor, initialTransition, transition } from 'xstate';
import type { ActorScope, AnyStateMachine } from 'xstate';

/** Folds `events` through `machine` with the pure `transition()`: a throw-away actor per signal. */
export function foldThrough(machine: AnyStateMachine, events: readonly { type: string }[]): unknown {
  let [snapshot] = initialTransition(machine, { customerId: 'customer-1' });
  for (const event of events) [snapshot] = transition(machine, snapshot, event);
  return snapshot;
}

/** The fold with one actor scope for the whole stream, built as XState's `transition()` builds its own. */
export function foldWithOneScope(machine: AnyStateMachine, events: readonly { type: string }[]): unknown {
  const self = createActor(machine, { input: { customerId: 'customer-1' } });
  let actions: unknown[] = [];
  const scope = {
    self,
    id: '',
    sessionId: '',
    logger: () => {},
    defer: () => {},
    emit: () => {},
    stopChild: () => {},
    system: self.system,
    actionExecutor: (action: unknown) => void actions.push(action),
  } as unknown as ActorScope<ReturnType<AnyStateMachine['getInitialSnapshot']>, { type: string }>;
  let [snapshot] = initialTransition(machine, { customerId: 'customer-1' });
  for (const event of events) {
    actions = [];
    snapshot = machine.transition(snapshot, event, scope);
  }
  return snapshot;
}
