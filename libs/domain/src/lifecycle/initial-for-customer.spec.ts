import { initialTransition, transition } from 'xstate';
import { everydayMix } from '../testing';
import { initialSnapshotFor } from './initial-for-customer';
import { createLifecycleMachine } from './lifecycle.machine';

describe('initialSnapshotFor', () => {
  const machine = createLifecycleMachine();
  const [first, firstActions] = initialTransition(machine, { customerId: 'first-customer' });

  it('gives the initial snapshot XState computes for the customer, and the start has no actions', () => {
    for (const customerId of ['c-1', 'a customer with a long id', '']) {
      const [computed, actions] = initialTransition(machine, { customerId });
      const copied = initialSnapshotFor(first, customerId);
      expect(copied.context).toEqual(computed.context);
      expect(copied.context.customerId).toBe(customerId);
      expect(copied.value).toEqual(computed.value);
      expect([...copied.tags]).toEqual([...computed.tags]);
      expect(copied._nodes).toEqual(computed._nodes);
      expect(Object.keys(copied)).toEqual(Object.keys(computed));
      expect(JSON.stringify(copied)).toBe(JSON.stringify(computed));
      expect(actions).toEqual([]);
    }
    expect(firstActions).toEqual([]);
    // The first customer's snapshot is left as it was.
    expect(first.context.customerId).toBe('first-customer');
  });

  it("folds a customer's signals to the same states and actions as a start XState computed", () => {
    const signals = everydayMix(300, 'c-2');
    let copied = initialSnapshotFor(first, 'c-2');
    let [computed] = initialTransition(machine, { customerId: 'c-2' });
    for (const signal of signals) {
      const [nextCopied, copiedActions] = transition(machine, copied, signal);
      const [nextComputed, computedActions] = transition(machine, computed, signal);
      // Actions as data, without `info` (it names the throw-away actor each transition makes).
      expect(JSON.stringify(copiedActions.map(({ type, params }) => ({ type, params })))).toBe(
        JSON.stringify(computedActions.map(({ type, params }) => ({ type, params }))),
      );
      copied = nextCopied;
      computed = nextComputed;
    }
    expect(JSON.stringify(copied)).toBe(JSON.stringify(computed));
    // Another customer started from the same first snapshot is untouched by c-2's signals.
    expect(initialSnapshotFor(first, 'c-3').context).toEqual(
      initialTransition(machine, { customerId: 'c-3' })[0].context,
    );
  });
});
