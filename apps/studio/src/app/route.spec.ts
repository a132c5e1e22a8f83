import { parseRoute, routeHash, type Route } from './route';

describe('Studio routes (URL hash)', () => {
  it.each<[string, Route]>([
    ['', { view: 'machine' }],
    ['#/machine', { view: 'machine' }],
    ['#/nowhere', { view: 'machine' }],
    ['#/whatif', { view: 'whatif' }],
    ['#/population', { view: 'population', state: null }],
    ['#/population/customer.fraud.suspicious', { view: 'population', state: 'customer.fraud.suspicious' }],
    ['#/customer', { view: 'customer', customerId: null, travel: null }],
    ['#/customer/c-1', { view: 'customer', customerId: 'c-1', travel: null }],
    ['#/customer/c-1@12', { view: 'customer', customerId: 'c-1', travel: { revision: '12' } }],
    [
      '#/customer/c-1@2026-03-05T02:47:00Z',
      { view: 'customer', customerId: 'c-1', travel: { at: '2026-03-05T02:47:00Z' } },
    ],
    ['#/customer/ann@example.com', { view: 'customer', customerId: 'ann@example.com', travel: null }],
    ['#/customer/ann%40example.com@3', { view: 'customer', customerId: 'ann@example.com', travel: { revision: '3' } }],
  ])('reads %s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it.each<Route>([
    { view: 'machine' },
    { view: 'whatif' },
    { view: 'population', state: 'customer.engagement.at-risk.flagged' },
    { view: 'customer', customerId: 'ann@example.com', travel: null },
    { view: 'customer', customerId: 'x@12', travel: { revision: '4' } },
    { view: 'customer', customerId: 'a/b c', travel: { at: '2026-03-05T02:47:00.000Z' } },
  ])('writes a hash that reads back: %j', (route) => {
    expect(parseRoute(routeHash(route))).toEqual(route);
  });
});
