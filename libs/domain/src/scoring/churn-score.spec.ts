import fc from 'fast-check';
import { initialCustomerContext, type EngagementFeatures } from '../features/customer-context';
import { evidenceSum, initialEvidence, type EngagementEvidence } from '../features/engagement-evidence';
import { defaultLifecycleConfig } from '../lifecycle/lifecycle-config';
import { churnPoints, churnScore } from './churn-score';

const start = Date.parse('2026-03-02T00:00:00.000Z');
const instant = fc
  .integer({ min: 0, max: 60 * 24 * 60 })
  .map((minutes) => new Date(start + minutes * 60_000).toISOString());
const ids = fc.array(fc.string({ maxLength: 4 }), { maxLength: 25 });

/** Evidence as it can stand: sums never below 0, parts that add up to a positive sum or all 0. */
const evidence: fc.Arbitrary<EngagementEvidence> = fc
  .array(fc.array(fc.double({ min: -5, max: 8, noNaN: true }), { minLength: 4, maxLength: 4 }), {
    minLength: 3,
    maxLength: 3,
  })
  .map((levels) => {
    const parts = levels.map((p) => (p.reduce((a, b) => a + b, 0) > 0 ? p : p.map(() => 0)));
    return {
      ...initialEvidence(defaultLifecycleConfig),
      sums: parts.map((p) => p.reduce((a, b) => a + b, 0)),
      parts: parts.flat(),
    };
  });

const features: fc.Arbitrary<EngagementFeatures> = fc.record({
  firstSeenAt: fc.option(instant, { nil: null }),
  lastActivityAt: fc.option(instant, { nil: null }),
  sessionCount: fc.integer({ min: 0, max: 40 }),
  lastSessionAt: fc.option(instant, { nil: null }),
  evidence: fc.option(evidence, { nil: null }),
  coreFeatureLastUsedAt: fc.option(instant, { nil: null }),
  featureKeys: ids,
  pricingVisits: fc.array(instant, { maxLength: 12 }),
  cancellationVisits: fc.array(instant, { maxLength: 12 }),
  openTickets: fc.array(fc.record({ ticketId: fc.string({ maxLength: 4 }), openedAt: instant }), { maxLength: 25 }),
});

const config = fc.record({
  intentWindowDays: fc.integer({ min: 0, max: 30 }),
  evidencePoints: fc.double({ min: 0, max: 40, noNaN: true }),
});

/** The engagement features of a customer Heed has not heard from yet. */
const defaultFeatures = (): EngagementFeatures => initialCustomerContext('c').engagement;

/** Evidence of 7.46 at the middle level: 3 from days of use, 4 from sessions, 0.8 from pricing, −0.34 from tickets. */
const fading: EngagementEvidence = {
  ...initialEvidence(defaultLifecycleConfig),
  sums: [2, 7.46, 5],
  parts: [1, 1, 0, 0, 3, 4, 0.8, -0.34, 5, 0, 0, 0],
};

describe('churnScore', () => {
  it('is the evidence’s points, shared among its parts by weight, whole points adding up', () => {
    const score = churnScore(
      { ...defaultFeatures(), evidence: fading },
      '2026-03-13T10:00:00.000Z',
      defaultLifecycleConfig,
    );
    // 7.46 × 10 = 75 points: 3 / 7.8, 4 / 7.8, 0.8 / 7.8 of them; tickets weigh against, so they count for nothing.
    expect(score.score).toBe(75);
    expect(score.contributions.map((c) => [c.signal, c.points])).toEqual([
      ['sessions', 38],
      ['days-of-use', 29],
      ['pricing-looks', 8],
    ]);
    expect(score.reasons[0]).toBe(
      'sessions shorter, more often short or without core features than usually (20 minutes, 12 % short, 70 % of features used core ones)',
    );
  });

  it('is 100 with a look at the cancellation section in the intent window, whatever the evidence', () => {
    const f = { ...defaultFeatures(), cancellationVisits: ['2026-03-01T10:00:00.000Z'] };
    expect(churnScore(f, '2026-03-13T10:00:00.000Z', defaultLifecycleConfig).score).toBe(100);
    expect(churnScore({ ...f, evidence: fading }, '2026-03-13T10:00:00.000Z', defaultLifecycleConfig).score).toBe(100);
    // Fifteen days later the look no longer counts.
    expect(churnScore(f, '2026-03-16T10:00:00.000Z', defaultLifecycleConfig).score).toBe(0);
  });

  it('is 0 for a customer who never used the product (no evidence)', () => {
    expect(churnScore(defaultFeatures(), '2026-03-13T10:00:00.000Z', defaultLifecycleConfig).score).toBe(0);
  });
});

describe('churnPoints', () => {
  it('is the churn score’s number, for any features, time and configuration', () => {
    fc.assert(
      fc.property(features, fc.option(instant, { nil: null }), config, (f, now, overrides) => {
        const c = { ...defaultLifecycleConfig, ...overrides };
        const score = churnScore(f, now, c);
        expect(churnPoints(f, now, c)).toBe(score.score);
        // Without a cancellation look, the parts' whole points add up to the evidence's.
        if (now !== null && !score.contributions.some((p) => p.signal === 'cancellation-visits')) {
          const evidencePoints =
            f.evidence === null ? 0 : Math.min(100, Math.round(evidenceSum(f.evidence) * c.evidencePoints));
          expect(score.contributions.reduce((sum, p) => sum + p.points, 0)).toBe(evidencePoints);
        }
      }),
      { numRuns: 3_000 },
    );
  });

  it('is 0 before the first signal', () => {
    const f = { ...defaultFeatures(), cancellationVisits: ['2026-03-02T00:00:00.000Z'], evidence: fading };
    expect(churnPoints(f, null, defaultLifecycleConfig)).toBe(0);
  });
});
