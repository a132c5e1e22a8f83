import { regionTransitions } from './region-transitions';

describe('the moves of a state change, region by region', () => {
  const before = { engagement: 'active', cart: 'empty', fraud: 'clear' };

  it('gives one move per region that changed, leaf to leaf', () => {
    expect(
      regionTransitions(before, { engagement: { 'at-risk': 'flagged' }, cart: 'open', fraud: 'clear' }, 'customer'),
    ).toEqual([
      { from: 'customer.engagement.active', to: 'customer.engagement.at-risk.flagged' },
      { from: 'customer.cart.empty', to: 'customer.cart.open' },
    ]);
  });

  it('looks below a compound state whose active child stayed', () => {
    expect(
      regionTransitions({ engagement: { 'at-risk': 'flagged' } }, { engagement: { 'at-risk': 'emailed' } }, 'customer'),
    ).toEqual([{ from: 'customer.engagement.at-risk.flagged', to: 'customer.engagement.at-risk.emailed' }]);
    expect(regionTransitions({ engagement: { 'at-risk': 'emailed' } }, { engagement: 'churning' }, 'customer')).toEqual(
      [{ from: 'customer.engagement.at-risk.emailed', to: 'customer.engagement.churning' }],
    );
  });

  it('makes no move for an unchanged value, nor for a region only one side has', () => {
    expect(regionTransitions(before, before, 'customer')).toEqual([]);
    expect(regionTransitions(before, { ...before, loyalty: 'gold' }, 'customer')).toEqual([]);
  });

  it('stops at a parallel state nested in a region that moves', () => {
    expect(regionTransitions({ a: 'x' }, { a: { y: { p: '1', q: '2' } } }, 'm')).toEqual([
      { from: 'm.a.x', to: 'm.a.y' },
    ]);
  });
});
