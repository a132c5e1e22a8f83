import { initialTransition, transition } from 'xstate';
import type { CustomerSignal } from '../catalog/signal-catalog';
import { lifecycleMachine } from './lifecycle.machine';
import type { LifecycleMachine } from './lifecycle.machine';

/** A customer's state: the lifecycle machine's snapshot. */
export type CustomerSnapshot = ReturnType<LifecycleMachine['resolveState']>;

/** What the machine accepts: a customer signal, or a timer event (`xstate.after.…`) fed back when due. */
export type CustomerInput = CustomerSignal | Readonly<{ type: `xstate.after.${string}` }>;

/** The actions of one step, as data: emitted command events, timers to set or cancel. Nothing runs. */
export type LifecycleActions = ReturnType<typeof transition<LifecycleMachine>>[1];

/**
 * The initial state of a customer and its actions (none emit). The runtime calls it once, before
 * the first signal of a stream.
 */
export function initialCustomerState(
  customerId: string,
  machine: LifecycleMachine = lifecycleMachine,
): [CustomerSnapshot, LifecycleActions] {
  return initialTransition(machine, { customerId });
}

/**
 * Folds one input into a customer's state with the pure `transition`: returns the next snapshot and
 * the actions as data (`xstate.emit` command events, `xstate.raise` with a delay for timers,
 * `xstate.cancel` when the state that set a timer is left).
 */
export function evolve(
  snapshot: CustomerSnapshot,
  input: CustomerInput,
  machine: LifecycleMachine = lifecycleMachine,
): [CustomerSnapshot, LifecycleActions] {
  return transition(machine, snapshot, input as CustomerSignal);
}
