import { createMachine } from 'xstate';
import { activeStateIds, stateIdOf } from './state-ids';

const shop = createMachine({
  id: 'shop',
  type: 'parallel',
  states: {
    cart: { initial: 'empty', states: { empty: {}, open: { id: 'cart-open' } } },
    risk: { initial: 'low', states: { low: {}, high: { initial: 'flagged', states: { flagged: {} } } } },
  },
});

describe('state ids', () => {
  it('names a state by its path, whatever id the machine gives it', () => {
    expect(stateIdOf(shop.getStateNodeById('cart-open'))).toBe('shop.cart.open');
  });

  it('lists every active state of a value, ancestors and the root included', () => {
    expect(activeStateIds(shop.root, { cart: 'open', risk: { high: 'flagged' } })).toEqual([
      'shop',
      'shop.cart',
      'shop.cart.open',
      'shop.risk',
      'shop.risk.high',
      'shop.risk.high.flagged',
    ]);
  });
});
