import type { SaasPersona, SimulatedCustomer } from '../population/ground-truth';
import { measureChurnQuality } from './detection-quality';
import type { ObservedDecisions } from './observed-decisions';

const subscriber = (customerId: string, persona: SaasPersona, churnsAt: string | null): SimulatedCustomer => ({
  customerId,
  truth: {
    kind: 'saas',
    persona,
    subscriptionId: `sub-${customerId}`,
    churnsAt,
    signedUpAt: '2026-01-05T09:00:00.000Z',
    habit: {
      activeDay: 0.8,
      weekendDay: 0.2,
      sessionMinutes: 20,
      coreShare: 0.7,
      shortShare: 0.1,
      pricingPerDay: 0.01,
      ticketPerDay: 0.02,
    },
    fade: null,
    lull: null,
    season: null,
  },
});
const flagged = (customerId: string, ...churnFlags: string[]): ObservedDecisions => ({
  customerId,
  churnFlags,
  frozenTransactions: [],
  commands: {},
});

describe('measureChurnQuality', () => {
  it('counts a churner caught only by a flag before the cancellation, and splits every count by persona', () => {
    const customers = [
      subscriber('f1', 'fading', '2026-02-10T12:00:00.000Z'),
      subscriber('f2', 'fading', '2026-02-10T12:00:00.000Z'),
      subscriber('a1', 'abrupt', '2026-02-01T12:00:00.000Z'),
      subscriber('h1', 'healthy', null),
      subscriber('h2', 'healthy', null),
      subscriber('r1', 'returning', null),
    ];
    const decisions = new Map(
      [
        flagged('f1', '2026-02-06T12:00:00.000Z'), // 4 days ahead
        flagged('f2', '2026-02-08T12:00:00.000Z', '2026-02-04T12:00:00.000Z'), // the first flag counts: 6 days
        flagged('a1', '2026-02-01T13:00:00.000Z'), // after the cancellation: missed
        flagged('h1', '2026-01-20T00:00:00.000Z'),
      ].map((d) => [d.customerId, d]),
    );

    const churn = measureChurnQuality(customers, decisions);

    expect(churn).toMatchObject({ truePositives: 2, falsePositives: 1, falseNegatives: 1, trueNegatives: 2 });
    expect(churn.leadDays).toEqual([4, 6]);
    expect(churn.personas).toEqual([
      { persona: 'healthy', subscribers: 2, flagged: 1, medianLeadDays: null },
      { persona: 'fading', subscribers: 2, flagged: 2, medianLeadDays: 5 },
      { persona: 'abrupt', subscribers: 1, flagged: 0, medianLeadDays: null },
      { persona: 'returning', subscribers: 1, flagged: 0, medianLeadDays: null },
    ]);
    // Intervals around each rate (2 of 3 flagged churned, 2 of 3 churners caught, 1 of 3 stayers flagged).
    const { precision, recall, falsePositiveRate, medianLeadDays } = churn.intervals;
    expect(precision!.low).toBeLessThan(2 / 3);
    expect(precision!.high).toBeGreaterThan(2 / 3);
    expect(recall).toEqual(precision);
    expect(falsePositiveRate!.low).toBeLessThan(1 / 3);
    expect(falsePositiveRate!.high).toBeGreaterThan(1 / 3);
    expect(medianLeadDays).toEqual({ low: 4, high: 6 });
  });

  it('has no intervals where there is nothing to count', () => {
    const churn = measureChurnQuality([subscriber('h1', 'healthy', null)], new Map());

    const { precision, recall, falsePositiveRate, medianLeadDays } = churn.intervals;
    expect([precision, recall, medianLeadDays]).toEqual([null, null, null]);
    expect(falsePositiveRate!.low).toBe(0);
    expect(falsePositiveRate!.high).toBeGreaterThan(0.5);
  });
});
