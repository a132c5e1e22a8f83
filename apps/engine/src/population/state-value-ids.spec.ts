import { lifecycleMachine } from '@heed/domain';
import { isStateValue, machineStateIds, stateValueIds } from './state-value-ids';

describe('state ids of a state value', () => {
  it('names every active state, ancestors and the root included, by path', () => {
    expect(stateValueIds({ engagement: { 'at-risk': 'flagged' }, cart: 'open' }, 'customer')).toEqual([
      'customer',
      'customer.engagement',
      'customer.engagement.at-risk',
      'customer.engagement.at-risk.flagged',
      'customer.cart',
      'customer.cart.open',
    ]);
  });

  it('names states the running machine does not have (a change of another version)', () => {
    expect(stateValueIds({ loyalty: 'gold' }, 'customer')).toEqual([
      'customer',
      'customer.loyalty',
      'customer.loyalty.gold',
    ]);
  });

  it('names every state of the machine by its path, not by the id a node has of its own', () => {
    const ids = machineStateIds(lifecycleMachine);
    expect(ids[0]).toBe('customer');
    expect(ids).toContain('customer.engagement.active');
    expect(ids).toContain('customer.renewal.lapsed');
    expect(ids).not.toContain('engagement-active');
    // Every active state of any value of the machine is one of its states.
    const initial = {
      facts: 'tracking',
      engagement: 'active',
      watch: 'idle',
      fraud: 'clear',
      cart: 'empty',
      renewal: 'none',
    };
    expect(stateValueIds(initial, 'customer').filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('tells state values from other data', () => {
    expect(isStateValue({ cart: 'open', engagement: { 'at-risk': 'flagged' } })).toBe(true);
    expect(isStateValue('idle')).toBe(true);
    for (const bad of [null, 3, '', [], { cart: 3 }, { cart: ['open'] }]) expect(isStateValue(bad)).toBe(false);
  });
});
