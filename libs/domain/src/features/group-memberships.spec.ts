import { defaultLifecycleConfig } from '../lifecycle/lifecycle-config';
import { day, groupIdentified, screenViewed } from '../testing';
import type { CustomerSignal } from '../catalog/signal-catalog';
import { contextBounds, initialCustomerContext } from './customer-context';
import type { CustomerContext } from './customer-context';
import { recordSignal } from './record-signal';

const fold = (...signals: CustomerSignal[]): CustomerContext =>
  signals.reduce((c, s) => recordSignal(c, s, defaultLifecycleConfig), initialCustomerContext('customer-1'));

describe('group memberships on the customer', () => {
  it('keeps each group with its plain traits, merged over its calls', () => {
    const context = fold(
      groupIdentified('acme', { name: 'Acme', plan: 'team', employees: 120, address: { city: 'Lyon' } }, day(0)),
      groupIdentified('acme', { plan: 'enterprise', trial: false, name: null }, day(3)),
    );
    expect(context.groups).toEqual([
      { groupId: 'acme', traits: { plan: 'enterprise', employees: 120, trial: false }, updatedAt: day(3) },
    ]);
  });

  it('lists the most recently described group last and keeps the latest time', () => {
    const context = fold(
      groupIdentified('acme', {}, day(0)),
      groupIdentified('globex', {}, day(1)),
      groupIdentified('acme', {}, day(0, '08:00')),
    );
    expect(context.groups.map((g) => [g.groupId, g.updatedAt])).toEqual([
      ['globex', day(1)],
      ['acme', day(0)],
    ]);
  });

  it('stays bounded, however many groups and traits a producer sends', () => {
    const traits = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`t${i}`, 'x'.repeat(i * 4)]));
    const context = fold(
      ...Array.from({ length: 30 }, (_, i) => groupIdentified(`g${i}`, traits, day(i))),
      groupIdentified('g29', { long: 'y'.repeat(contextBounds.traitLength + 1) }, day(40)),
    );
    expect(context.groups).toHaveLength(contextBounds.groups);
    const last = context.groups.at(-1)!;
    expect(Object.keys(last.traits).length).toBeLessThanOrEqual(contextBounds.groupTraits);
    expect(
      Object.values(last.traits).every((v) => typeof v !== 'string' || v.length <= contextBounds.traitLength),
    ).toBe(true);
    expect(last.traits).not.toHaveProperty('long');
  });

  it('counts a screen view as activity, a group call not', () => {
    expect(fold(screenViewed('Home', day(2))).engagement.lastActivityAt).toBe(day(2));
    expect(fold(groupIdentified('acme', {}, day(2))).engagement.lastActivityAt).toBeNull();
  });
});
