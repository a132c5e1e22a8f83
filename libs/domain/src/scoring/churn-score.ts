import type { EngagementFeatures } from '../features/customer-context';
import type { LifecycleConfig } from '../lifecycle/lifecycle-config';
import { DAY, toMillis, wholeDaysUntil } from '../time/instant';
import { plural, scoreFrom, totalOf } from './score';
import type { Contribution, Score } from './score';

/** Points per feature. Chosen so that no single soft signal makes a customer at-risk, but a cancellation look does. */
export const churnWeights = {
  perShortSession: 8,
  shortSessionsCap: 25,
  coreFeatureIdleBase: 10,
  coreFeatureIdlePerDay: 3,
  coreFeatureIdleCap: 25,
  cancellationVisit: 30,
  perPricingVisit: 5,
  pricingVisitsCap: 10,
  perUnclickedEmail: 3,
  unclickedEmailsCap: 10,
  perOpenTicket: 5,
  openTicketsCap: 15,
  inactivityBase: 10,
  inactivityPerDay: 1,
  inactivityCap: 20,
} as const;

const w = churnWeights;

/** What the churn score counts, measured once for the score with its reasons and for the number alone. */
type ChurnMeasures = Readonly<{
  recentSessions: number;
  shortSessions: number;
  /** Days since the core feature was used (or since first seen), `null` before the first signal. */
  coreIdleDays: number | null;
  coreUsed: boolean;
  cancellations: number;
  pricing: number;
  unclicked: number;
  tickets: number;
  /** Days since the last activity, `null` without any. */
  inactiveDays: number | null;
}>;

function measure(features: EngagementFeatures, now: string, config: LifecycleConfig): ChurnMeasures {
  const recent = features.recentSessionSeconds.slice(-config.recentSessions);
  let shortSessions = 0;
  for (const seconds of recent) if (seconds < config.shortSessionSeconds) shortSessions++;
  const coreSince = features.coreFeatureLastUsedAt ?? features.firstSeenAt;
  const nowMillis = toMillis(now);
  const windowStart = nowMillis - config.intentWindowDays * DAY;
  const inWindow = (visits: readonly string[]): number => {
    let count = 0;
    for (const visit of visits) if (toMillis(visit) >= windowStart) count++;
    return count;
  };
  return {
    recentSessions: recent.length,
    shortSessions,
    coreIdleDays: coreSince === null ? null : wholeDaysUntil(coreSince, nowMillis),
    coreUsed: features.coreFeatureLastUsedAt !== null,
    cancellations: inWindow(features.cancellationVisits),
    pricing: inWindow(features.pricingVisits),
    unclicked: features.unclickedEmails.length,
    tickets: features.openTickets.length,
    inactiveDays: features.lastActivityAt === null ? null : wholeDaysUntil(features.lastActivityAt, nowMillis),
  };
}

// Points per feature, from the measures; shared by the score and the number alone.
const shortSessionPoints = (m: ChurnMeasures) => Math.min(w.shortSessionsCap, m.shortSessions * w.perShortSession);
const coreIdlePoints = (idle: number, config: LifecycleConfig) =>
  idle < config.coreFeatureIdleDays
    ? 0
    : Math.min(
        w.coreFeatureIdleCap,
        w.coreFeatureIdleBase + (idle - config.coreFeatureIdleDays) * w.coreFeatureIdlePerDay,
      );
const cancellationPoints = (m: ChurnMeasures) => (m.cancellations > 0 ? w.cancellationVisit : 0);
const pricingPoints = (m: ChurnMeasures) => Math.min(w.pricingVisitsCap, m.pricing * w.perPricingVisit);
const unclickedPoints = (m: ChurnMeasures) => Math.min(w.unclickedEmailsCap, m.unclicked * w.perUnclickedEmail);
const ticketPoints = (m: ChurnMeasures) => Math.min(w.openTicketsCap, m.tickets * w.perOpenTicket);
const inactivityPoints = (inactive: number, config: LifecycleConfig) =>
  inactive < config.inactiveDays
    ? 0
    : Math.min(w.inactivityCap, w.inactivityBase + (inactive - config.inactiveDays) * w.inactivityPerDay);

/**
 * Churn risk, 0–100, of a customer at `now`: recent short sessions, days without the core feature,
 * pricing and cancellation visits, emails opened without a click, open support tickets and days inactive.
 */
export function churnScore(features: EngagementFeatures, now: string | null, config: LifecycleConfig): Score {
  if (now === null) return scoreFrom([]);
  const m = measure(features, now, config);
  const contributions: Contribution[] = [];
  contributions.push({
    signal: 'short-sessions',
    points: shortSessionPoints(m),
    reason: `${m.shortSessions} of the last ${plural(m.recentSessions, 'session')} under ${Math.round(config.shortSessionSeconds / 60)} minutes`,
  });
  if (m.coreIdleDays !== null) {
    contributions.push({
      signal: 'core-feature-idle',
      points: coreIdlePoints(m.coreIdleDays, config),
      reason: m.coreUsed
        ? `core feature unused for ${plural(m.coreIdleDays, 'day')}`
        : `core feature never used in ${plural(m.coreIdleDays, 'day')}`,
    });
  }
  contributions.push({
    signal: 'cancellation-visits',
    points: cancellationPoints(m),
    reason: `visited the cancellation section ${m.cancellations === 1 ? 'once' : `${m.cancellations} times`} in ${config.intentWindowDays} days`,
  });
  contributions.push({
    signal: 'pricing-visits',
    points: pricingPoints(m),
    reason: `viewed pricing ${m.pricing === 1 ? 'once' : `${m.pricing} times`} in ${config.intentWindowDays} days`,
  });
  contributions.push({
    signal: 'emails-opened-without-click',
    points: unclickedPoints(m),
    reason: `${plural(m.unclicked, 'email')} opened without a click`,
  });
  contributions.push({
    signal: 'open-support-tickets',
    points: ticketPoints(m),
    reason: `${plural(m.tickets, 'open support ticket')}`,
  });
  if (m.inactiveDays !== null) {
    contributions.push({
      signal: 'days-inactive',
      points: inactivityPoints(m.inactiveDays, config),
      reason: `inactive for ${plural(m.inactiveDays, 'day')}`,
    });
  }
  return scoreFrom(contributions);
}

/**
 * The churn score's number alone, `churnScore(features, now, config).score`, without building its
 * reasons: the lifecycle asks it after every signal, and needs the reasons only when it acts.
 */
export function churnPoints(features: EngagementFeatures, now: string | null, config: LifecycleConfig): number {
  if (now === null) return scoreFrom([]).score;
  const m = measure(features, now, config);
  return totalOf([
    shortSessionPoints(m),
    m.coreIdleDays === null ? 0 : coreIdlePoints(m.coreIdleDays, config),
    cancellationPoints(m),
    pricingPoints(m),
    unclickedPoints(m),
    ticketPoints(m),
    m.inactiveDays === null ? 0 : inactivityPoints(m.inactiveDays, config),
  ]);
}

/**
 * Whether the churn score reaches `threshold`: `churnPoints(features, now, config) >= threshold`.
 *
 * The lifecycle asks after every signal. Most of the time even the most that the time-based
 * features could add (each at its cap) leaves the score short, and then no time is read at all.
 */
export function churnReaches(
  features: EngagementFeatures,
  now: string | null,
  config: LifecycleConfig,
  threshold: number,
): boolean {
  // A margin of one point keeps rounding out of the shortcut: it only ever answers a clear no.
  if (now !== null && mostPoints(features, config) + 1 < threshold) return false;
  return churnPoints(features, now, config) >= threshold;
}

/** An upper bound of the churn points: the measured features that need no clock, the rest at their caps. */
function mostPoints(features: EngagementFeatures, config: LifecycleConfig): number {
  let shortSessions = 0;
  for (const seconds of features.recentSessionSeconds.slice(-config.recentSessions)) {
    if (seconds < config.shortSessionSeconds) shortSessions++;
  }
  return (
    Math.min(w.shortSessionsCap, shortSessions * w.perShortSession) +
    ((features.coreFeatureLastUsedAt ?? features.firstSeenAt) !== null ? w.coreFeatureIdleCap : 0) +
    (features.cancellationVisits.length > 0 ? w.cancellationVisit : 0) +
    Math.min(w.pricingVisitsCap, features.pricingVisits.length * w.perPricingVisit) +
    Math.min(w.unclickedEmailsCap, features.unclickedEmails.length * w.perUnclickedEmail) +
    Math.min(w.openTicketsCap, features.openTickets.length * w.perOpenTicket) +
    (features.lastActivityAt !== null ? w.inactivityCap : 0)
  );
}
