import fc from 'fast-check';
import { initialCustomerContext, type EngagementFeatures } from '../features/customer-context';
import { defaultLifecycleConfig } from '../lifecycle/lifecycle-config';
import { churnPoints, churnReaches, churnScore } from './churn-score';

const start = Date.parse('2026-03-02T00:00:00.000Z');
const instant = fc
  .integer({ min: 0, max: 60 * 24 * 60 })
  .map((minutes) => new Date(start + minutes * 60_000).toISOString());
const ids = fc.array(fc.string({ maxLength: 4 }), { maxLength: 25 });

const features: fc.Arbitrary<EngagementFeatures> = fc.record({
  firstSeenAt: fc.option(instant, { nil: null }),
  lastActivityAt: fc.option(instant, { nil: null }),
  recentSessionSeconds: fc.array(fc.integer({ min: 0, max: 3_600 }), { maxLength: 8 }),
  coreFeatureLastUsedAt: fc.option(instant, { nil: null }),
  featureKeys: ids,
  pricingVisits: fc.array(instant, { maxLength: 12 }),
  cancellationVisits: fc.array(instant, { maxLength: 12 }),
  unclickedEmails: ids,
  openTickets: ids,
});

const config = fc.record({
  recentSessions: fc.integer({ min: 0, max: 6 }),
  shortSessionSeconds: fc.integer({ min: 0, max: 600 }),
  coreFeatureIdleDays: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.double({ min: 0, max: 20, noNaN: true })),
  inactiveDays: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.double({ min: 0, max: 20, noNaN: true })),
  intentWindowDays: fc.integer({ min: 0, max: 30 }),
});

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

  it('counts a cancellation look and idle days as the score does: 30 + 22 + 24 = 76', () => {
    const f: EngagementFeatures = {
      ...defaultFeatures(),
      firstSeenAt: '2026-03-02T09:00:00.000Z',
      coreFeatureLastUsedAt: '2026-03-02T09:05:00.000Z',
      lastActivityAt: '2026-03-13T10:00:00.000Z',
      recentSessionSeconds: [60, 45, 90],
      cancellationVisits: ['2026-03-13T10:00:00.000Z'],
    };
    expect(churnPoints(f, '2026-03-13T10:00:00.000Z', defaultLifecycleConfig)).toBe(76);
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
    const f: EngagementFeatures = {
      ...defaultFeatures(),
      firstSeenAt: '2026-03-02T09:00:00.000Z',
      coreFeatureLastUsedAt: '2026-03-02T09:05:00.000Z',
      lastActivityAt: '2026-03-13T10:00:00.000Z',
      recentSessionSeconds: [60, 45, 90],
      cancellationVisits: ['2026-03-13T10:00:00.000Z'],
    };
    const now = '2026-03-13T10:00:00.000Z';
    expect(churnReaches(f, now, defaultLifecycleConfig, 76)).toBe(true);
    expect(churnReaches(f, now, defaultLifecycleConfig, 77)).toBe(false);
    expect(churnReaches({ ...f, cancellationVisits: [] }, now, defaultLifecycleConfig, 60)).toBe(false);
  });
});
