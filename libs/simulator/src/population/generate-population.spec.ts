import { signalCatalog, validateSignalProperties } from '@heed/domain';
import fc from 'fast-check';
import { toSegmentCall } from '../segment/segment-call';
import { generatePopulation, messageIdOf } from './generate-population';
import { DAY } from './simulation-window';

describe('generatePopulation', () => {
  const options = { seed: 11, customers: 60, weeks: 6 };

  it('gives the same population for the same seed', () => {
    expect(JSON.stringify(generatePopulation(options))).toEqual(JSON.stringify(generatePopulation(options)));
  });

  it('gives another population for another seed', () => {
    expect(JSON.stringify(generatePopulation({ ...options, seed: 12 }).signals)).not.toEqual(
      JSON.stringify(generatePopulation(options).signals),
    );
  });

  it('keeps each customer the same when the population grows', () => {
    const small = generatePopulation({ ...options, customers: 10, idPrefix: 'c-' });
    const large = generatePopulation({ ...options, customers: 100, idPrefix: 'c-' });
    const ofFirst = (p: typeof small) => p.signals.filter((s) => s.customerId === p.customers[0]!.customerId);
    expect(small.customers[0]!.truth).toEqual(large.customers[0]!.truth);
    expect(ofFirst(small)).toEqual(ofFirst(large));
  });

  it('orders signals by time, inside the window', () => {
    const { signals, window } = generatePopulation(options);
    const times = signals.map((s) => Date.parse(s.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(window.start);
    expect(Math.max(...times)).toBeLessThan(window.end);
  });

  it('begins every customer with the sign-up: no ticket, page, visit or payment comes before it', () => {
    // Short windows and many customers: sign-ups late in the day, tickets and visits drawn on that
    // same day, card payments far east of UTC, and churners with less than the usual weeks of use.
    for (const seed of [1, 2, 3]) {
      const { customers, signals } = generatePopulation({ seed, customers: 1000, weeks: 1 });
      const first = new Map<string, string>();
      for (const s of signals) if (!first.has(s.customerId)) first.set(s.customerId, s.type);
      const before = customers.filter((c) => first.get(c.customerId) !== 'SignedUp');
      expect(before.map((c) => `${c.customerId}: ${first.get(c.customerId)}`)).toEqual([]);
    }
  });

  it('emits only signals that the catalog accepts, as valid Segment calls', () => {
    const { signals } = generatePopulation({ seed: 3, customers: 120, weeks: 6 });
    const invalid = signals
      .map((s) => ({ s, v: validateSignalProperties(s.type, s.version, s.properties) }))
      .filter(({ v }) => !v.ok);
    expect(invalid.slice(0, 3)).toEqual([]);
    // The personas make no mobile-app screens and no B2B group calls.
    const simulated = signalCatalog.filter((d) => d.segmentCall !== 'screen' && d.segmentCall !== 'group');
    expect(new Set(signals.map((s) => s.type)).size).toBeGreaterThan(simulated.length - 3);
    const calls = signals.map((s, i) => toSegmentCall(s, messageIdOf(s, i)));
    expect(new Set(calls.map((c) => c.messageId)).size).toBe(calls.length);
    expect(calls.filter((c) => c.type === 'page').every((c) => c.event === undefined)).toBe(true);
  });

  it('holds for any seed: ground truth agrees with the events', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const { customers, signals } = generatePopulation({ seed, customers: 30, weeks: 5 });
        for (const { customerId, truth } of customers) {
          const own = signals.filter((s) => s.customerId === customerId);
          const cancels = own.filter((s) => s.type === 'SubscriptionCancelled');
          if (truth.kind === 'saas') {
            // Churners cancel exactly once, at the announced time, and nothing follows but nothing of theirs.
            expect(cancels.map((s) => s.occurredAt)).toEqual(truth.churnsAt === null ? [] : [truth.churnsAt]);
            if (truth.churnsAt !== null) expect(own[own.length - 1]!.occurredAt).toBe(truth.churnsAt);
            expect(truth.persona === 'fading' || truth.persona === 'abrupt').toBe(truth.churnsAt !== null);
            // What drives the events: a fading customer's decline ends at the cancellation, 12–28 days
            // after it starts; a returning customer's lull lasts 9–20 days; nobody else has either.
            const days = (from: string, until: string) => (Date.parse(until) - Date.parse(from)) / DAY;
            expect(truth.fade !== null).toBe(truth.persona === 'fading');
            if (truth.fade !== null) {
              expect(days(truth.fade.startsAt, truth.churnsAt!)).toBeGreaterThanOrEqual(12);
              expect(days(truth.fade.startsAt, truth.churnsAt!)).toBeLessThanOrEqual(28);
              expect(truth.fade.floor).toBeGreaterThanOrEqual(0.05);
              expect(truth.fade.floor).toBeLessThanOrEqual(0.25);
            }
            expect(truth.lull !== null).toBe(truth.persona === 'returning' || truth.persona === 'holiday');
            expect(truth.season !== null).toBe(truth.persona === 'seasonal');
            if (truth.lull !== null) {
              const [shortest, longest] = truth.persona === 'holiday' ? [6, 16] : [9, 20];
              expect(days(truth.lull.from, truth.lull.until)).toBeGreaterThanOrEqual(shortest);
              expect(days(truth.lull.from, truth.lull.until)).toBeLessThanOrEqual(longest);
              // No session on a day of the lull (the day counts by its noon).
              const noon = (at: string) => Math.floor(Date.parse(at) / DAY) * DAY + DAY / 2;
              const inside = own.filter(
                (s) =>
                  s.type === 'SignedIn' &&
                  noon(s.occurredAt) >= Date.parse(truth.lull!.from) &&
                  noon(s.occurredAt) < Date.parse(truth.lull!.until),
              );
              expect(inside).toEqual([]);
            }
            expect(own.filter((s) => s.type === 'SignedUp').map((s) => s.occurredAt)).toEqual([truth.signedUpAt]);
          } else {
            expect(cancels).toEqual([]);
          }
          if (truth.kind === 'cardholder') {
            const authorized = own.filter((s) => s.type === 'CardTransactionAuthorized');
            expect(authorized.map((s) => s.properties.transaction_id)).toEqual(truth.transactionIds);
            const fraud = truth.fraudBursts.flatMap((b) => b.transactionIds);
            expect(fraud.every((id) => truth.transactionIds.includes(id))).toBe(true);
            expect(truth.persona === 'fraud-victim' || fraud.length === 0).toBe(true);
            const disputed = own
              .filter((s) => s.type === 'CardTransactionDisputed')
              .map((s) => s.properties.transaction_id);
            expect(disputed.every((id) => fraud.includes(id))).toBe(true);
          }
          if (truth.kind === 'shopper') {
            const carts = new Set(own.filter((s) => s.type === 'ProductAdded').map((s) => s.properties.cart_id));
            expect(truth.abandonedCarts.every((id) => carts.has(id))).toBe(true);
          }
        }
      }),
      { numRuns: 15 },
    );
  });
});
