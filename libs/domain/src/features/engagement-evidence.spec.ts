import { defaultLifecycleConfig } from '../lifecycle/lifecycle-config';
import type { CustomerSignal } from '../catalog/signal-catalog';
import {
  cardTransaction,
  coreSession,
  day,
  session,
  signedUp,
  supportTicketOpened,
  supportTicketResolved,
  viewedPage,
} from '../testing';
import { initialCustomerContext, type CustomerContext } from './customer-context';
import { strongestEvidence, usualOf } from './engagement-evidence';
import { recordSignal } from './record-signal';

const config = defaultLifecycleConfig;
const fold = (signals: readonly CustomerSignal[], from: CustomerContext = initialCustomerContext('c')) =>
  signals.reduce((context, signal) => recordSignal(context, signal, config), from);
const evidenceOf = (context: CustomerContext): number => strongestEvidence(context.engagement.evidence!).sum;

/** A customer's usual days: a half-hour session with the core feature on each day of `days`. */
const usualDays = (days: readonly number[]) => days.flatMap((d) => coreSession(day(d, '09:00'), 30 * 60));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('engagement evidence', () => {
  it('stays low for a customer who uses the product as usual, for weeks', () => {
    let context = fold([signedUp(day(0))]);
    let highest = 0;
    for (const d of range(0, 56)) {
      // Weekdays only, and one day in five off: as usual, nothing to see.
      const weekday = new Date(day(d)).getUTCDay();
      if (weekday === 0 || weekday === 6 || d % 5 === 3) continue;
      context = fold(coreSession(day(d, '09:00'), (25 + (d % 4) * 5) * 60), context);
      highest = Math.max(highest, evidenceOf(context));
    }
    expect(highest).toBeLessThan(config.evidenceLearningBelow);
  });

  it('counts nothing before the usual behaviour is learned', () => {
    // Short sessions without the core feature from the first day: that is their usual.
    const context = fold(range(0, config.evidenceBaselineDays).flatMap((d) => session(day(d, '09:00'), 40)));
    expect(evidenceOf(context)).toBe(0);
  });

  it('builds up when a customer comes on fewer days, with short sessions and pricing looks', () => {
    const usual = fold(usualDays(range(0, 14)));
    const fading = fold(
      [
        ...session(day(14, '09:00'), 60),
        ...session(day(16, '09:00'), 50),
        viewedPage('https://app.example.com/pricing', day(17, '20:00')),
        ...session(day(19, '09:00'), 40),
      ],
      usual,
    );
    const { sum, parts } = strongestEvidence(fading.engagement.evidence!);
    expect(sum * config.evidencePoints).toBeGreaterThanOrEqual(config.atRiskScore);
    const [daysOfUse, sessions, pricing] = parts;
    expect(daysOfUse).toBeGreaterThan(0);
    expect(sessions).toBeGreaterThan(0);
    expect(pricing).toBeGreaterThan(0);
    // What is usual was not learned from the decline.
    expect(usualOf(fading.engagement.evidence!, 'short')).toBeLessThan(0.2);
  });

  it('takes a break for a break: days without any use beyond a few are not counted', () => {
    const usual = fold(usualDays(range(0, 21)));
    const back = fold(usualDays([36, 37, 38]), usual);
    expect(evidenceOf(back) * config.evidencePoints).toBeLessThan(config.atRiskScore);
    // The same days away in short steps are a decline.
    const away = fold(
      usualDays([23, 26, 29, 32, 35, 38]).filter((s) => s.type !== 'FeatureUsed'),
      usual,
    );
    expect(evidenceOf(away)).toBeGreaterThan(evidenceOf(back));
  });

  it('counts a ticket left open against the customer, and a resolution for them', () => {
    const usual = fold(usualDays(range(0, 14)));
    const opened = fold([supportTicketOpened('t-1', day(14, '10:00'))], usual);
    const lingering = fold(usualDays([15, 16, 17, 18]), opened);
    const resolved = fold([supportTicketResolved('t-1', day(15, '08:00')), ...usualDays([15, 16, 17, 18])], opened);
    expect(evidenceOf(lingering)).toBeGreaterThan(evidenceOf(resolved));
  });

  it('has none for a customer who never uses the product', () => {
    const cardholder = fold(range(0, 30).map((d) => cardTransaction(day(d, '12:00'), { transaction_id: `tx-${d}` })));
    expect(cardholder.engagement.evidence).toBeNull();
  });
});
