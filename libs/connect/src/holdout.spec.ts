import { holdoutDraw, isHeldOut } from './holdout';

describe('holdout', () => {
  const customers = Array.from({ length: 10_000 }, (_, i) => `c-${i}`);

  it('holds out about the share asked for, the same customers every time', () => {
    const held = customers.filter((c) => isHeldOut(c, 0.2));
    expect(held.length / customers.length).toBeGreaterThan(0.18);
    expect(held.length / customers.length).toBeLessThan(0.22);
    expect(customers.filter((c) => isHeldOut(c, 0.2))).toEqual(held);
  });

  it('nests: a customer held out at 10 % is held out at 20 %; none at 0', () => {
    for (const c of customers.filter((c) => isHeldOut(c, 0.1))) expect(isHeldOut(c, 0.2)).toBe(true);
    expect(customers.some((c) => isHeldOut(c, 0))).toBe(false);
    expect(holdoutDraw('c-1')).toBe(holdoutDraw('c-1'));
  });
});
