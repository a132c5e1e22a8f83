import fc from 'fast-check';
import type { StateValue } from 'xstate';
import type { CustomerSignal } from '../catalog/signal-catalog';
import { contextBounds } from '../features/customer-context';
import { usualOf } from '../features/engagement-evidence';
import {
  activeStateIds,
  cardTransaction,
  cartViewed,
  checkoutStarted,
  emailLinkClicked,
  emailOpened,
  featureUsed,
  foldRecord,
  LifecycleSimulation,
  orderCompleted,
  productAdded,
  productRemoved,
  productViewed,
  sessionEnded,
  signedIn,
  signedOut,
  signedUp,
  subscriptionCancelled,
  subscriptionExpiring,
  subscriptionRenewed,
  supportTicketOpened,
  supportTicketResolved,
  timePasses,
  transactionConfirmed,
  transactionDisputed,
  viewedPage,
} from '../testing';
import type { SimulationStep } from '../testing';
import { HOUR, MINUTE, plus } from '../time/instant';
import { describeCustomer } from './describe-customer';
import { defaultLifecycleConfig } from './lifecycle-config';
import { createLifecycleMachine, defineLifecycleMachine, lifecycleMachine } from './lifecycle.machine';

const start = '2026-03-02T00:00:00.000Z';
const id = (prefix: string) => fc.integer({ min: 1, max: 4 }).map((n) => `${prefix}-${n}`);
const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

/** A signal at `at`, of any type, with values drawn from small pools so that they interact. */
const signalAt = (at: string): fc.Arbitrary<CustomerSignal> =>
  fc.oneof(
    fc.constant(signedUp(at)),
    fc.constant(signedIn(at)),
    fc.constant(signedOut(at)),
    fc.integer({ min: 0, max: 7_200 }).map((s) => sessionEnded(at, s)),
    fc
      .constantFrom('/pricing', '/pricing#cancel', '/home', '/account/cancel', '/plans')
      .map((p) => viewedPage(`https://app.example.com${p}`, at)),
    id('p').map((p) => productViewed(p, at)),
    fc
      .tuple(id('cart'), id('p'), fc.integer({ min: 1, max: 10_000 }))
      .map(([c, p, price]) => productAdded(c, p, at, { price })),
    fc.tuple(id('cart'), id('p')).map(([c, p]) => productRemoved(c, p, at)),
    id('cart').map((c) => cartViewed(c, at)),
    id('cart').map((c) => checkoutStarted(c, at)),
    id('o').map((o) => orderCompleted(o, at)),
    fc.tuple(id('f'), fc.boolean()).map(([f, core]) => featureUsed(f, at, core)),
    id('e').map((e) => emailOpened(e, at)),
    id('e').map((e) => emailLinkClicked(e, at)),
    id('t').map((t) => supportTicketOpened(t, at)),
    id('t').map((t) => supportTicketResolved(t, at)),
    fc.integer({ min: 0, max: 30 * 24 }).map((h) => subscriptionExpiring('sub-1', plus(at, h * HOUR), at)),
    fc.constant(subscriptionRenewed('sub-1', at)),
    fc.constant(subscriptionCancelled('sub-1', at)),
    fc
      .record({
        transaction_id: id('tx'),
        card_id: id('card'),
        amount: fc.integer({ min: 0, max: 1_000_000 }),
        currency: fc.constantFrom('EUR', 'USD', 'JPY'),
        country: fc.constantFrom('DE', 'FR', 'BR', 'NG', 'US'),
        local_time: hhmm,
      })
      .map((p) => cardTransaction(at, p)),
    fc.tuple(id('tx'), id('card')).map(([t, c]) => transactionConfirmed(t, at, c)),
    fc.tuple(id('tx'), id('card')).map(([t, c]) => transactionDisputed(t, at, c)),
  );

/** Keeps signal times monotonic even after silences, as a stream would be. */
function monotonic(steps: SimulationStep[]): SimulationStep[] {
  let clock = Date.parse(start);
  return steps.map((step) => {
    if (step.type === 'time-passes') {
      clock += step.millis;
      return step;
    }
    clock = Math.max(clock, Date.parse(step.occurredAt));
    return { ...step, occurredAt: new Date(clock).toISOString() };
  });
}

/** A customer's life: signals at increasing times, with stretches of silence in which timers fire. */
const life: fc.Arbitrary<SimulationStep[]> = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 3 * 24 * 60 }), fc.boolean()), { minLength: 1, maxLength: 60 })
  .chain((gaps) => {
    let at = start;
    const steps = gaps.map(([minutes, silent]) => {
      at = plus(at, minutes * MINUTE);
      return silent ? fc.constant(timePasses(minutes * MINUTE)) : signalAt(at);
    });
    return fc.tuple(...steps);
  })
  .map(monotonic);

/** Longer lives, up to 300 steps: long enough to turn at risk, churn, lapse and come back. */
const longLife: fc.Arbitrary<SimulationStep[]> = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 2 * 24 * 60 }), fc.integer({ min: 0, max: 9 })), {
    minLength: 100,
    maxLength: 300,
  })
  .chain((gaps) => {
    let at = start;
    const steps = gaps.map(([minutes, kind]) => {
      at = plus(at, minutes * MINUTE);
      return kind === 0 ? fc.constant(timePasses(minutes * MINUTE)) : signalAt(at);
    });
    return fc.tuple(...steps);
  })
  .map(monotonic);

const runs = { numRuns: 60 };

describe('lifecycle properties', () => {
  it('never throws and keeps the context bounded, whatever the signals', () => {
    fc.assert(
      fc.property(life, (steps) => {
        const { context } = new LifecycleSimulation().run(...steps).snapshot;
        const c = defaultLifecycleConfig;
        expect(context.engagement.pricingVisits.length).toBeLessThanOrEqual(contextBounds.intentVisits);
        expect(context.engagement.cancellationVisits.length).toBeLessThanOrEqual(contextBounds.intentVisits);
        expect(context.engagement.featureKeys.length).toBeLessThanOrEqual(contextBounds.featureKeys);
        expect(context.engagement.openTickets.length).toBeLessThanOrEqual(contextBounds.openTickets);
        expect(context.card.recentTransactions.length).toBeLessThanOrEqual(c.recentTransactions);
        expect(context.card.countries.length).toBeLessThanOrEqual(contextBounds.countries);
        expect(context.card.merchants.length).toBeLessThanOrEqual(contextBounds.merchants);
        const evidence = context.engagement.evidence;
        if (evidence !== null) {
          for (const measure of ['weekday', 'weekend', 'short', 'core', 'pricing', 'tickets'] as const)
            expect(usualOf(evidence, measure) >= 0 && usualOf(evidence, measure) <= 1).toBe(true);
          expect(Number.isFinite(usualOf(evidence, 'logMinutes'))).toBe(true);
          expect(evidence.parts.length).toBe(c.evidenceLevels.length * 4);
          expect(evidence.sums.length).toBe(c.evidenceLevels.length);
          for (const sum of evidence.sums) expect(sum >= 0 && Number.isFinite(sum)).toBe(true);
        }
        expect(context.card.maxAmounts.length).toBeLessThanOrEqual(contextBounds.currencies);
        expect(context.cart.items.length).toBeLessThanOrEqual(contextBounds.cartItems);
        expect(JSON.stringify(context).length).toBeLessThan(32_000);
      }),
      runs,
    );
  });

  it('keeps the machine clock at the latest signal or timer, never the wall clock', () => {
    fc.assert(
      fc.property(life, (steps) => {
        const { context } = new LifecycleSimulation().run(...steps).snapshot;
        const signals = steps.filter((s): s is CustomerSignal => s.type !== 'time-passes');
        const last = signals.at(-1)?.occurredAt ?? null;
        if (last === null) expect(context.now).toBeNull();
        else expect(Date.parse(context.now ?? '')).toBeGreaterThanOrEqual(Date.parse(last));
      }),
      runs,
    );
  });

  it('keeps both scores within 0–100 with a reason for every point', () => {
    fc.assert(
      fc.property(life, (steps) => {
        const summary = describeCustomer(new LifecycleSimulation().run(...steps).snapshot);
        for (const score of [summary.churn, summary.fraud]) {
          expect(score.score).toBeGreaterThanOrEqual(0);
          expect(score.score).toBeLessThanOrEqual(100);
          expect(score.reasons.length).toBe(score.contributions.length);
          if (score.score > 0) expect(score.reasons.length).toBeGreaterThan(0);
        }
      }),
      runs,
    );
  });

  it('gives the same state and command events for the same signals', () => {
    fc.assert(
      fc.property(life, (steps) => {
        const a = new LifecycleSimulation().run(...steps);
        const b = new LifecycleSimulation().run(...steps);
        expect(b.snapshot.value).toEqual(a.snapshot.value);
        expect(b.snapshot.context).toEqual(a.snapshot.context);
        expect(b.emitted).toEqual(a.emitted);
      }),
      runs,
    );
  });

  it('makes the decisions of the machine XState runs unchanged, step by step, whatever the signals', () => {
    const reference = defineLifecycleMachine();
    fc.assert(
      fc.property(life, (steps) => {
        expect(foldRecord(lifecycleMachine, steps)).toEqual(foldRecord(reference, steps));
      }),
      runs,
    );
  });

  it('makes the decisions of the machine XState runs unchanged in every state, on a fixed population', () => {
    // A fixed seed, and long lives, so that every state (and every assignment on the way) is reached.
    const reference = defineLifecycleMachine();
    const sensitive = createLifecycleMachine({ atRiskScore: 30, suspiciousScore: 40 });
    const sensitiveReference = defineLifecycleMachine({ atRiskScore: 30, suspiciousScore: 40 });
    const visited = new Set<string>();
    const lives = fc.sample(longLife, { seed: 26, numRuns: 20 });
    for (const steps of lives) {
      const folded = foldRecord(lifecycleMachine, steps);
      expect(folded).toEqual(foldRecord(reference, steps));
      const sensitiveFold = foldRecord(sensitive, steps);
      expect(sensitiveFold).toEqual(foldRecord(sensitiveReference, steps));
      for (const snapshot of [...folded.snapshots, ...sensitiveFold.snapshots]) {
        const value = (JSON.parse(snapshot) as [number, StateValue])[1];
        for (const id of activeStateIds(value)) visited.add(id);
      }
    }
    for (const state of [
      'customer.engagement.at-risk.flagged',
      'customer.engagement.at-risk.emailed',
      'customer.engagement.churning',
      'customer.engagement.cancelled',
      'customer.watch.watching',
      'customer.fraud.suspicious',
      'customer.fraud.disputed',
      'customer.cart.abandoned',
      'customer.cart.checkingOut',
      'customer.renewal.reminded',
      'customer.renewal.lapsed',
    ])
      expect([...visited]).toContain(state);
  });

  it('resumes from a JSON round-tripped persisted snapshot exactly as if never stopped', () => {
    fc.assert(
      fc.property(life, fc.nat(), (steps, cut) => {
        const at = cut % (steps.length + 1);
        const whole = new LifecycleSimulation().run(...steps);
        const resumed = new LifecycleSimulation().run(...steps.slice(0, at));
        const stored = JSON.parse(
          JSON.stringify(lifecycleMachine.getPersistedSnapshot(resumed.snapshot)),
        ) as Parameters<typeof lifecycleMachine.resolveState>[0];
        resumed.snapshot = lifecycleMachine.resolveState(stored);
        resumed.run(...steps.slice(at));
        expect(resumed.snapshot.value).toEqual(whole.snapshot.value);
        expect(resumed.snapshot.context).toEqual(whole.snapshot.context);
        expect(resumed.emitted).toEqual(whole.emitted);
      }),
      runs,
    );
  });
});
