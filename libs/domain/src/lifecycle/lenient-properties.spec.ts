import type { CustomerSignal } from '../catalog/signal-catalog';
import { signalCatalog } from '../catalog/signal-catalog';
import { missingLenientProperties } from '../catalog/schema/field.decorators';
import {
  day,
  emailLinkClicked,
  emailOpened,
  orderCompleted,
  productAdded,
  productViewed,
  retentionOfferAccepted,
  signedUp,
  subscriptionCancelled,
  subscriptionExpiring,
  subscriptionRenewed,
  turningAtRisk,
} from '../testing';
import { evolve, initialCustomerState, type CustomerSnapshot } from './evolve';

// A lenient property is one the lifecycle does not read (docs/events.md, "Leniency"): with or
// without it, a signal must take the machine to the same state with the same outputs. A sample of
// each signal that has lenient properties, with all of them:
const samples: Readonly<Record<string, (at: string) => CustomerSignal>> = {
  ProductViewed: (at) => productViewed('p-1', at),
  OrderCompleted: (at) => ({
    ...orderCompleted('o-1', at),
    properties: { order_id: 'o-1', total: 4_200, currency: 'EUR', products: [{ product_id: 'p-1', quantity: 1 }] },
  }),
  EmailOpened: (at) => emailOpened('e-1', at),
  EmailLinkClicked: (at) => emailLinkClicked('e-1', at),
  SubscriptionRenewed: (at) => subscriptionRenewed('sub-1', at),
  SubscriptionCancelled: (at) => subscriptionCancelled('sub-1', at),
  RetentionOfferAccepted: (at) => retentionOfferAccepted('offer-1', at),
};

/** Histories that put a customer where these signals matter: at risk, with a cart, a subscription expiring. */
const histories: readonly CustomerSignal[][] = [
  [],
  turningAtRisk(),
  [signedUp(day(0)), productAdded('cart-1', 'p-1', day(1))],
  [signedUp(day(0)), subscriptionExpiring('sub-1', day(9), day(2))],
];

const fold = (signals: readonly CustomerSignal[]): CustomerSnapshot =>
  signals.reduce((s, signal) => evolve(s, signal)[0], initialCustomerState('customer-1')[0]);

/** What a step does, as data: the state reached and the actions returned (what they do, not how they ran). */
const outcome = (before: CustomerSnapshot, signal: CustomerSignal): string => {
  const [after, actions] = evolve(before, signal);
  const effects = actions.map((a) => ({ type: a.type, params: a.params }));
  return JSON.stringify({ value: after.value, context: after.context, effects });
};

describe('lenient properties', () => {
  const lenient = signalCatalog
    .map((d) => ({ type: d.type, names: missingLenientProperties(d.versions[d.currentVersion]!, {}) }))
    .filter((d) => d.names.length > 0);

  it('have a sample here for every signal that has any', () => {
    expect(lenient.map((d) => d.type).sort()).toEqual(Object.keys(samples).sort());
  });

  it.each(lenient)('are not read by the lifecycle: $type without $names', ({ type, names }) => {
    for (const history of histories) {
      const before = fold(history);
      const full = samples[type]!(day(12));
      const properties = Object.fromEntries(Object.entries(full.properties).filter(([k]) => !names.includes(k)));
      expect(outcome(before, { ...full, properties } as CustomerSignal)).toBe(outcome(before, full));
    }
  });
});
