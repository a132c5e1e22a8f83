import fc from 'fast-check';
import { initialCustomerContext, type EngagementFeatures, type SessionHabit } from '../features/customer-context';
import { defaultLifecycleConfig } from '../lifecycle/lifecycle-config';
import { churnPoints, churnReaches, churnScore } from './churn-score';

const start = Date.parse('2026-03-02T00:00:00.000Z');
const instant = fc
  .integer({ min: 0, max: 60 * 24 * 60 })
  .map((minutes) => new Date(start + minutes * 60_000).toISOString());
const ids = fc.array(fc.string({ maxLength: 4 }), { maxLength: 25 });
const share = fc.double({ min: 0, max: 1, noNaN: true });
const habit: fc.Arbitrary<SessionHabit> = fc.record({
  short: share,
  withoutCore: share,
  logMinutes: fc.double({ min: -4.1, max: 6, noNaN: true }),
  gapDays: fc.option(fc.double({ min: 0, max: 5, noNaN: true }), { nil: null }),
});

const features: fc.Arbitrary<EngagementFeatures> = fc.record({
  firstSeenAt: fc.option(instant, { nil: null }),
  lastActivityAt: fc.option(instant, { nil: null }),
  sessionCount: fc.integer({ min: 0, max: 40 }),
  lastSessionAt: fc.option(instant, { nil: null }),
  coreInSession: fc.boolean(),
  recentHabit: fc.option(habit, { nil: null }),
  usualHabit: fc.option(habit, { nil: null }),
  coreFeatureLastUsedAt: fc.option(instant, { nil: null }),
  featureKeys: ids,
  pricingVisits: fc.array(instant, { maxLength: 12 }),
  cancellationVisits: fc.array(instant, { maxLength: 12 }),
  openTickets: fc.array(fc.record({ ticketId: fc.string({ maxLength: 4 }), openedAt: instant }), { maxLength: 25 }),
});

const config = fc.record({
  shortSessionSeconds: fc.integer({ min: 0, max: 600 }),
  habitBaselineSessions: fc.integer({ min: 0, max: 12 }),
  lingeringTicketDays: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.double({ min: 0, max: 10, noNaN: true })),
  intentWindowDays: fc.integer({ min: 0, max: 30 }),
});

/** Ten sessions as usual, then worse lately: the core feature in 40 % instead of 90 %, five times shorter, two a day apart instead of one. */
const fadingHabits = {
  sessionCount: 10,
  recentHabit: { short: 0.3, withoutCore: 0.6, logMinutes: Math.log(4), gapDays: 2 },
  usualHabit: { short: 0.1, withoutCore: 0.1, logMinutes: Math.log(20), gapDays: 1 },
};

describe('churnPoints', () => {
  it('is the churn score’s number, for any features, time and configuration', () => {
    fc.assert(
      fc.property(features, fc.option(instant, { nil: null }), config, (f, now, overrides) => {
        const c = { ...defaultLifecycleConfig, ...overrides };
        expect(churnPoints(f, now, c)).toBe(churnScore(f, now, c).score);
      }),
      { numRuns: 3_000 },
    );
  });

  it('is 0 before the first signal', () => {
    const f = { ...defaultFeatures(), cancellationVisits: ['2026-03-02T00:00:00.000Z'] };
    expect(churnPoints(f, null, defaultLifecycleConfig)).toBe(0);
  });

  it('counts the habit changes, a cancellation look and a lingering ticket as the score does: 100 at most', () => {
    const now = '2026-03-13T10:00:00.000Z';
    const f: EngagementFeatures = { ...defaultFeatures(), ...fadingHabits };
    // core 0.5 × 80 = 40, short 0.2 × 20 = 4, length ln 5 × 20 = 32, gap ln(2.1 / 1.1) × 20 = 13
    expect(churnScore(f, now, defaultLifecycleConfig).contributions.map((c) => [c.signal, c.points])).toEqual([
      ['core-feature-left-aside', 40],
      ['shorter-sessions', 32],
      ['fewer-sessions', 13],
      ['short-sessions', 4],
    ]);
    expect(churnPoints(f, now, defaultLifecycleConfig)).toBe(89);
    const ticket = { ticketId: 't-1', openedAt: '2026-03-10T09:00:00.000Z' };
    expect(churnPoints({ ...f, openTickets: [ticket] }, now, defaultLifecycleConfig)).toBe(100);
    expect(churnPoints({ ...f, sessionCount: 5 }, now, defaultLifecycleConfig)).toBe(0);
    expect(churnPoints({ ...f, cancellationVisits: ['2026-03-01T10:00:00.000Z'] }, now, defaultLifecycleConfig)).toBe(
      100,
    );
    expect(churnPoints({ ...f, cancellationVisits: ['2026-02-20T10:00:00.000Z'] }, now, defaultLifecycleConfig)).toBe(
      89,
    );
  });

  it('does not count silence: with sessions as usual, weeks without one add nothing', () => {
    const usual = { short: 0.1, withoutCore: 0.1, logMinutes: Math.log(20), gapDays: 1 };
    const f: EngagementFeatures = { ...defaultFeatures(), sessionCount: 30, recentHabit: usual, usualHabit: usual };
    expect(churnPoints(f, '2026-04-30T10:00:00.000Z', defaultLifecycleConfig)).toBe(0);
  });
});

/** The engagement features of a customer Heed has not heard from yet. */
const defaultFeatures = (): EngagementFeatures => initialCustomerContext('c').engagement;

describe('churnReaches', () => {
  it('answers whether the churn score reaches a threshold, for any features, time, configuration and threshold', () => {
    fc.assert(
      fc.property(
        features,
        fc.option(instant, { nil: null }),
        config,
        fc.oneof(fc.integer({ min: -5, max: 140 }), fc.double({ min: -5, max: 140, noNaN: true })),
        (f, now, overrides, threshold) => {
          const c = { ...defaultLifecycleConfig, ...overrides };
          expect(churnReaches(f, now, c, threshold)).toBe(churnScore(f, now, c).score >= threshold);
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('answers at the threshold itself, where the shortcut must not', () => {
    const f: EngagementFeatures = { ...defaultFeatures(), ...fadingHabits };
    const now = '2026-03-13T10:00:00.000Z';
    expect(churnReaches(f, now, defaultLifecycleConfig, 89)).toBe(true);
    expect(churnReaches(f, now, defaultLifecycleConfig, 90)).toBe(false);
    // A pricing visit long ago: the shortcut counts it, the score does not.
    expect(churnReaches({ ...f, pricingVisits: ['2026-01-01T10:00:00.000Z'] }, now, defaultLifecycleConfig, 90)).toBe(
      false,
    );
  });
});
